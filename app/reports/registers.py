"""Registers and reports: the order register, receivables, profitability with charts.

Rows come from app.storage.registers through the documents service (dicts with Decimal
money); this module lays them out, landscape A4, with totals and page numbers.
"""
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional

from app.i18n import format_number, t
from app.reports import docx_base as b
from app.reports import drawings

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    date_from: Optional[date]
    date_to: Optional[date]

    def text(self, lang) -> str:
        if self.date_from and self.date_to:
            return t("doc.period.from_to", lang, start=b.short_date(self.date_from),
                     end=b.short_date(self.date_to))
        if self.date_from:
            return t("doc.period.from", lang, start=b.short_date(self.date_from))
        if self.date_to:
            return t("doc.period.to", lang, end=b.short_date(self.date_to))
        return t("doc.period.all", lang)


def _title(doc, shop, title, subtitle, made_on, lang):
    b.para(doc, shop.get("name") or "", size=9, space_after=0)
    b.para(doc, title, bold=True, size=14, space_after=0)
    b.para(doc, subtitle, size=10, space_after=0)
    b.para(doc, t("doc.made_on", lang, date=b.short_date(made_on)), size=8, italic=True,
           space_after=6)


def order_register(rows: List[Dict], period: Period, shop: dict, made_on, path, lang) -> Path:
    doc = b.new_document(landscape=True, margins_mm=(12, 10, 12, 12))
    width = b.text_width_mm(doc)
    title = t("doc.register.title", lang)
    _title(doc, shop, title, period.text(lang), made_on, lang)
    b.footer_page_numbers(doc, "{} · {}".format(title, period.text(lang)))
    headers = [t("doc.col.no", lang), t("doc.register.col.number", lang),
               t("doc.register.col.date", lang), t("doc.register.col.customer", lang),
               t("doc.register.col.job", lang), t("doc.col.qty", lang),
               t("doc.register.col.status", lang), t("doc.register.col.net", lang),
               t("doc.register.col.vat", lang), t("doc.register.col.gross", lang),
               t("doc.register.col.manager", lang)]
    fixed = [10, 24, 18, 0, 0, 18, 24, 24, 20, 24, 30]
    rest = width - sum(fixed)
    widths = fixed[:3] + [rest * 0.55, rest * 0.45] + fixed[5:]
    body, net, vat, gross, counted = [], ZERO, ZERO, ZERO, 0
    for i, r in enumerate(rows, 1):
        cancelled = r["status"] == "cancelled"
        body.append([str(i), r["number"], b.short_date(r["created_at"]), r["customer_name"],
                     r["title"] or t("product." + r["product_type"], lang),
                     format_number(r["quantity"], 0), t("status." + r["status"], lang),
                     b.money(r["price_net"]), b.money(r["vat"]), b.money(r["price_gross"]),
                     r["manager_name"]])
        if not cancelled:
            net += r["price_net"]
            vat += r["vat"]
            gross += r["price_gross"]
            counted += 1
    total = ["", "", "", t("doc.register.total", lang, count=counted), "", "", "",
             b.money(net), b.money(vat), b.money(gross), ""]
    aligns = [b.CENTER, b.LEFT, b.CENTER, b.LEFT, b.LEFT, b.RIGHT, b.LEFT, b.RIGHT, b.RIGHT,
              b.RIGHT, b.LEFT]
    b.data_table(doc, headers, body, widths, aligns=aligns, size=7.5, total_row=total)
    cancelled = len(rows) - counted
    if cancelled:
        b.para(doc, t("doc.register.cancelled_note", lang, count=cancelled), size=8,
               italic=True, space_before=4)
    return b.save(doc, path)


AGEING_KEYS = ("not_due", "d0_30", "d31_60", "d61_90", "d90_plus", "total", "advance")


def ageing_headers(lang) -> List[str]:
    return [t("doc.register.col.customer", lang), t("doc.bin_iin", lang)] + [
        t("doc.ageing.col." + k, lang) for k in AGEING_KEYS]


def _ageing(doc, ageing, width, lang):
    """Debt by days past the due date, per customer; advances apart (never netted)."""
    b.heading(doc, t("doc.ageing.title", lang, date=b.short_date(ageing.as_of)), 2)
    fixed = [26] + [24] * len(AGEING_KEYS)
    widths = [width - sum(fixed)] + fixed
    rows = [[r["name"], r["bin"]] + [b.money(r[k]) for k in AGEING_KEYS] for r in ageing.rows]
    b.data_table(doc, ageing_headers(lang), rows, widths,
                 aligns=[b.LEFT, b.LEFT] + [b.RIGHT] * len(AGEING_KEYS), size=8,
                 total_row=[t("doc.receivables.total", lang), ""] + [
                     b.money(ageing.totals[k]) for k in AGEING_KEYS])


def receivables(rows: List[Dict], shop: dict, made_on, path, lang, ageing=None) -> Path:
    doc = b.new_document(landscape=True, margins_mm=(12, 10, 12, 12))
    width = b.text_width_mm(doc)
    title = t("doc.receivables.title", lang)
    _title(doc, shop, title, t("doc.receivables.subtitle", lang, date=b.short_date(made_on)),
           made_on, lang)
    b.footer_page_numbers(doc, title)
    made = b.as_date(made_on)

    b.heading(doc, t("doc.receivables.by_customer", lang), 2)
    headers = [t("doc.register.col.number", lang), t("doc.receivables.col.finished", lang),
               t("doc.receivables.col.days", lang), t("doc.register.col.job", lang),
               t("doc.register.col.status", lang), t("doc.register.col.manager", lang),
               t("doc.register.col.gross", lang)]
    fixed = [26, 22, 18, 0, 26, 36, 28]
    widths = fixed[:3] + [width - sum(fixed)] + fixed[4:]
    aligns = [b.LEFT, b.CENTER, b.RIGHT, b.LEFT, b.LEFT, b.LEFT, b.RIGHT]
    tbl = b.data_table(doc, headers, [], widths, aligns=aligns, size=8)
    by_customer, by_manager = {}, {}
    for r in rows:
        by_customer.setdefault((r["customer_id"], r["customer_name"], r["customer_bin"] or "",
                                r["customer_phone"] or ""), []).append(r)
        key = r["manager_name"] or "—"
        count, amount = by_manager.get(key, (0, ZERO))
        by_manager[key] = (count + 1, amount + r["price_gross"])
    grand = ZERO
    for (_cid, name, bin_, phone), items in by_customer.items():
        head = b.join_nonempty([name, "{} {}".format(t("doc.bin_iin", lang), bin_) if bin_ else "",
                                phone], "  ·  ")
        row = b.add_row(tbl, [head, "", "", "", "", "", ""], bold=True, size=8, widths_mm=widths)
        merged = row.cells[0].merge(row.cells[5])
        b.cell_text(merged, head, bold=True, size=8)
        for cell in row.cells:
            b.shade(cell, "F2F2F2")
        subtotal = ZERO
        for r in items:
            finished = r["finished_at"] or r["created_at"]
            days = (made - b.as_date(finished)).days
            b.add_row(tbl, [r["number"], b.short_date(finished), str(max(0, days)),
                            r["title"] or t("product." + r["product_type"], lang),
                            t("status." + r["status"], lang), r["manager_name"],
                            b.money(r["price_gross"])], aligns=aligns, size=8, widths_mm=widths)
            subtotal += r["price_gross"]
        row = b.add_row(tbl, [t("doc.receivables.subtotal", lang, name=name), "", "", "", "", "",
                              b.money(subtotal)], bold=True, aligns=aligns, size=8,
                        widths_mm=widths)
        merged = row.cells[0].merge(row.cells[5])
        b.cell_text(merged, t("doc.receivables.subtotal", lang, name=name), bold=True, size=8,
                    align=b.RIGHT)
        grand += subtotal
    row = b.add_row(tbl, [t("doc.receivables.total", lang), "", "", "", "", "", b.money(grand)],
                    bold=True, aligns=aligns, size=8.5, widths_mm=widths)
    merged = row.cells[0].merge(row.cells[5])
    b.cell_text(merged, t("doc.receivables.total", lang), bold=True, size=8.5, align=b.RIGHT)

    b.heading(doc, t("doc.receivables.by_manager", lang), 2)
    mw = [90, 30, 40]
    mrows = [[name, str(count), b.money(amount)]
             for name, (count, amount) in sorted(by_manager.items(), key=lambda kv: -kv[1][1])]
    b.data_table(doc, [t("doc.register.col.manager", lang), t("doc.receivables.col.orders", lang),
                       t("doc.register.col.gross", lang)], mrows, mw,
                 aligns=[b.LEFT, b.RIGHT, b.RIGHT], size=8.5,
                 total_row=[t("doc.receivables.total", lang), str(len(rows)), b.money(grand)])
    if ageing is not None:
        _ageing(doc, ageing, width, lang)
    return b.save(doc, path)


GROUP_ORDER = ("type", "customer", "manager", "month")


def profitability(groups: Dict[str, List[Dict]], period: Period, shop: dict, made_on, path,
                  lang, top_customers=25) -> Path:
    """groups: {'type': rows, 'customer': rows, 'manager': rows, 'month': rows}."""
    doc = b.new_document(landscape=True, margins_mm=(12, 10, 12, 12))
    width = b.text_width_mm(doc)
    title = t("doc.profit.title", lang)
    _title(doc, shop, title, period.text(lang), made_on, lang)
    b.footer_page_numbers(doc, "{} · {}".format(title, period.text(lang)))
    b.para(doc, t("doc.profit.explain", lang), size=8, italic=True, space_after=4)
    with tempfile.TemporaryDirectory(prefix="iprint-charts-") as tmp:
        for n, group in enumerate(GROUP_ORDER):
            rows = groups.get(group, [])
            if n:
                b.page_break(doc)
            b.heading(doc, t("doc.profit.by_" + group, lang), 2)
            shown = rows
            if group == "customer" and len(rows) > top_customers:
                shown = rows[:top_customers]
                b.para(doc, t("doc.profit.top_note", lang, n=top_customers, total=len(rows)),
                       size=8, italic=True)
            _profit_table(doc, group, shown, rows, width, lang)
            chart = _profit_chart(Path(tmp) / "{}.png".format(group), group, shown, lang)
            if chart is not None:
                b.spacer(doc, 8)
                b.picture(doc, chart, min(width, 215) if group == "month" else min(width, 190))
        return b.save(doc, path)


def _label(group, row, lang) -> str:
    if group == "type":
        return t("product." + str(row["key"]), lang)
    return row["label"] or "—"


def _profit_table(doc, group, rows, all_rows, width, lang):
    headers = [t("doc.profit.col." + group, lang), t("doc.profit.col.orders", lang),
               t("doc.profit.col.revenue", lang), t("doc.profit.col.cost", lang),
               t("doc.profit.col.profit", lang), t("doc.profit.col.profit_pct", lang),
               t("doc.profit.col.est_made", lang), t("doc.profit.col.act_made", lang),
               t("doc.profit.col.variance", lang)]
    fixed = [16, 28, 28, 28, 18, 28, 28, 26]
    widths = [width - sum(fixed)] + fixed
    body = []
    for r in rows:
        body.append([_label(group, r, lang), format_number(r["orders"], 0), b.money(r["revenue"]),
                     b.money(r["cost"]), b.money(r["profit"]), b.money(r["profit_pct"]),
                     b.money(r["est_made"]), b.money(r["act_made"]),
                     _variance(r["est_made"], r["act_made"])])
    tot = _totals(all_rows)
    total = [t("doc.profit.total", lang), format_number(tot["orders"], 0), b.money(tot["revenue"]),
             b.money(tot["cost"]), b.money(tot["profit"]), b.money(tot["profit_pct"]),
             b.money(tot["est_made"]), b.money(tot["act_made"]),
             _variance(tot["est_made"], tot["act_made"])]
    aligns = [b.LEFT] + [b.RIGHT] * 8
    b.data_table(doc, headers, body, widths, aligns=aligns, size=7.5, total_row=total)


def _variance(est, act) -> str:
    if not est:
        return "—"
    return "{:+.1f} %".format(float((act - est) / est * 100)).replace(".", ",")


def _totals(rows) -> Dict:
    out = {"orders": 0, "revenue": ZERO, "cost": ZERO, "profit": ZERO, "est_made": ZERO,
           "act_made": ZERO}
    for r in rows:
        for key in out:
            out[key] += r[key]
    out["profit_pct"] = (out["profit"] / out["cost"] * 100).quantize(Decimal("0.01")) \
        if out["cost"] > 0 else ZERO
    return out


def totals(rows) -> Dict:
    return _totals(rows)


def _profit_chart(path, group, rows, lang):
    if not rows:
        return None
    labels = [_label(group, r, lang) for r in rows]
    labels = [lab if len(lab) <= 22 else lab[:21] + "…" for lab in labels]
    series = [(t("doc.profit.col.revenue", lang), [r["revenue"] for r in rows]),
              (t("doc.profit.col.cost", lang), [r["cost"] for r in rows]),
              (t("doc.profit.col.profit", lang), [r["profit"] for r in rows])]
    title = t("doc.profit.by_" + group, lang)
    if group == "month":
        return drawings.line_chart(path, labels, series, title, "₸", size=(9.5, 3.4),
                                   secondary=(t("doc.profit.col.profit_pct", lang),
                                              [r["profit_pct"] for r in rows]))
    return drawings.bar_chart(path, labels, series, title, "₸",
                              size=(9.0, 3.4), rotate=len(rows) > 5)
