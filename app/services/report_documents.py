"""Registers and reports over a period: the order register, the receivables, the
profitability, the cluster analysis report and the performers' work.

Each checks the user, reads the figures of the period and hands plain data to app.reports.
A report over a period or over customers (the reconciliation act with a customer, a payments
register) belongs here; stock reports are in stock_documents.
"""
from app.domain.errors import DomainError, ValidationError
from app.domain.money import from_tiyn
from app.i18n import capitalise, format_number, t
from app.reports import docx_base
from app.reports import registers as registers_report
from app.reports import stock_reports as stock_report
from app.services import orders as orders_service
from app.services import payments as payments_service
from app.services import shop as shop_service
from app.services import staff as staff_service
from app.services.document_files import (
    DocumentFile,
    document_language,
    kind_folder,
    made_on,
    period_in_name,
    render,
    report_period,
)
from app.services.session import Session, admin_only, logged_in
from app.storage import registers as registers_db
from app.storage import stock_reports as stock_reports_db

MAX_REGISTER_ROWS = 5000  # a Word table beyond that is no use to anyone: narrow the period


# ------------------------------------------------------------------ registers

@logged_in
def order_register(session: Session, date_from=None, date_to=None, lang=None,
                   folder=None) -> DocumentFile:
    lang = document_language(lang)
    period = report_period(date_from, date_to)
    rows = registers_db.order_register(session.db, period.date_from, period.date_to,
                                       limit=MAX_REGISTER_ROWS + 1)
    if len(rows) > MAX_REGISTER_ROWS:
        raise ValidationError("error.document.too_many_rows", "date_from",
                              max=MAX_REGISTER_ROWS)
    name = docx_base.safe_filename(t("doc.file.register", lang), period_in_name(period))
    path = render(registers_report.order_register, rows, period,
                  shop_service.requisites(session), made_on(session),
                  kind_folder("register", lang, folder) / name, lang)
    return DocumentFile(path, "register")


@logged_in
def receivables(session: Session, lang=None, folder=None, as_of=None) -> DocumentFile:
    """Ageing of the ledger's open invoices as of a day (today by default), then the made and
    unpaid orders one by one."""
    lang = document_language(lang)
    rows = registers_db.receivables(session.db)
    ageing = payments_service.ageing(session, as_of)
    today = made_on(session)
    name = docx_base.safe_filename(t("doc.file.receivables", lang), ageing.as_of.isoformat())
    path = render(registers_report.receivables, rows, shop_service.requisites(session), today,
                  kind_folder("receivables", lang, folder) / name, lang, ageing)
    return DocumentFile(path, "receivables")


@admin_only
def profitability_figures(session: Session, date_from=None, date_to=None):
    period = report_period(date_from, date_to)
    return period, {g: registers_db.profitability(session.db, g, period.date_from, period.date_to)
                    for g in registers_report.GROUP_ORDER}


@admin_only
def profitability(session: Session, date_from=None, date_to=None, lang=None,
                  folder=None) -> DocumentFile:
    """Cost and profit are the owner's business: administrators only."""
    lang = document_language(lang)
    period, groups = profitability_figures(session, date_from, date_to)
    name = docx_base.safe_filename(t("doc.file.profitability", lang), period_in_name(period))
    path = render(registers_report.profitability, groups, period,
                  shop_service.requisites(session), made_on(session),
                  kind_folder("profitability", lang, folder) / name, lang)
    return DocumentFile(path, "profitability")


# ------------------------------------------------------------------ cluster analysis

def _names_list(names, lang, limit=12) -> str:
    if not names:
        return t("doc.analysis.all", lang)
    text = ", ".join(names[:limit])
    if len(names) > limit:
        text += " " + t("doc.analysis.and_more", lang, n=len(names) - limit)
    return text


@logged_in
def analysis_report(session: Session, sel, k=4, min_size=None, lang=None, folder=None,
                    log_scale=True) -> DocumentFile:
    """The cluster analysis of the selected orders as a .docx: the selection, the dendrogram
    and the scatter, the clusters, the outliers and the profitability by product type.

    sel: app.storage.analysis.Selection (its exclude_ids are the orders the data check left
    out). The analysis runs here again, so the report is what the figures are now."""
    from app.analysis import plots
    from app.reports import analysis_report as analysis_doc
    from app.services import analysis as analysis_service
    from app.storage import analysis as analysis_db
    lang = document_language(lang)
    period = report_period(sel.date_from, sel.date_to)
    result = analysis_service.run(session, sel, k, log_scale=log_scale, min_size=min_size)
    by_type = analysis_service.profitability(session, sel, "product_type")
    rows = {r[0]: r for r in analysis_db.order_figures(session.db, sel)}
    outlier_ids = result.orders_of(0)
    customer_names = analysis_db.names(session.db, "customers",
                                       {rows[i][3] for i in outlier_ids} | set(sel.customer_ids))
    index = {int(order_id): i for i, order_id in enumerate(result.order_ids)}
    outliers = []
    for order_id in outlier_ids:
        i, r = index[order_id], rows[order_id]
        profit_pct, cost, price = (float(x) for x in result.features[i])
        outliers.append(analysis_doc.OrderLine(
            r[1], customer_names.get(r[3], ""), r[2], from_tiyn(r[8]),
            from_tiyn(r[9]), profit_pct))
    excluded = []
    for order_id in list(sel.exclude_ids)[:50]:
        try:
            excluded.append(orders_service.get(session, order_id).number)
        except DomainError:  # deleted meanwhile: nothing to name
            continue
    n = len(result.order_ids)
    if result.min_size <= 1:
        min_text = t("doc.analysis.min_size_plain", lang, n=result.min_size)
    else:
        min_text = t("doc.analysis.min_size_value", lang, n=result.min_size)
    selection = [
        (t("doc.analysis.sel.period", lang), period.text(lang)),
        (t("doc.analysis.sel.types", lang),
         _names_list([t("product." + p, lang) for p in sel.product_types], lang)),
        (t("doc.analysis.sel.customers", lang),
         _names_list([customer_names.get(int(c), str(c)) for c in sel.customer_ids], lang)),
        (t("doc.analysis.sel.statuses", lang),
         _names_list([t("status." + s, lang) for s in sel.statuses], lang)),
        (t("doc.analysis.sel.orders", lang), format_number(n, 0)),
        (t("doc.analysis.sel.excluded", lang),
         _names_list(excluded, lang) if excluded else t("doc.analysis.none", lang)),
        (t("doc.analysis.sel.k", lang), "{} / {}".format(int(k), result.k)),
        (t("doc.analysis.sel.scale", lang),
         t("doc.analysis.scale.log" if log_scale else "doc.analysis.scale.linear", lang)),
        (t("doc.analysis.sel.min_size", lang), min_text),
    ]
    f = result.features
    dendrogram = plots.dendrogram_figure(result.Z, result.labels, result.cut_height, p=30,
                                         leaf_names=result.numbers, lang=lang)
    scatter = plots.scatter_figure(f[:, 1], f[:, 2], f[:, 0], result.labels, lang=lang)
    data = analysis_doc.AnalysisReportData(
        shop=shop_service.requisites(session), made_on=made_on(session),
        period_text=period.text(lang), selection=selection, clusters=result.clusters,
        outliers=result.outliers, outlier_orders=outliers, by_type=by_type,
        dendrogram=dendrogram, scatter=scatter)
    name = docx_base.safe_filename(t("doc.file.analysis", lang), period_in_name(period))
    path = render(analysis_doc.render, data, kind_folder("analysis", lang, folder) / name, lang)
    return DocumentFile(path, "analysis")



# ------------------------------------------------------------------ performers' work

def work_period(session, date_from, date_to) -> registers_report.Period:
    """The performers' period: from 1 January of this year to today unless given."""
    period = report_period(date_from, date_to)
    today = made_on(session)
    start = period.date_from or (period.date_to or today).replace(month=1, day=1)
    end = period.date_to or today
    if start > end:
        raise ValidationError("error.document.period", "date_to")
    return registers_report.Period(start, end)


@logged_in
def performers_work_figures(session: Session, date_from=None, date_to=None,
                            lang=None) -> stock_report.WorkData:
    """staff.work_report (per performer and month the order became ready) and the totals of
    the period with each order counted once."""
    lang = document_language(lang)
    period = work_period(session, date_from, date_to)
    start, end = period.date_from.isoformat(), period.date_to.isoformat()
    lines = []
    for r in staff_service.work_report(session, start, end):
        month = r["month"] or ""
        lines.append(stock_report.WorkLine(
            r["name"], capitalise(t("staff_role." + r["role"], lang)),
            "{}.{}".format(month[5:7], month[:4]) if len(month) == 7 else month,
            int(r["orders"]), int(r["quantity"] or 0), from_tiyn(r["revenue_tiyn"] or 0)))
    orders, quantity, revenue = stock_reports_db.made_totals(session.db, start, end)
    return stock_report.WorkData(period.text(lang), lines, orders, quantity, from_tiyn(revenue))


@logged_in
def performers_work(session: Session, date_from=None, date_to=None, lang=None,
                    folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = performers_work_figures(session, date_from, date_to, lang)
    name = docx_base.safe_filename(t("doc.file.performers_work", lang),
                                   period_in_name(work_period(session, date_from, date_to)))
    path = render(stock_report.performers_work, data, shop_service.requisites(session),
                  made_on(session), kind_folder("performers", lang, folder) / name, lang)
    return DocumentFile(path, "performers")
