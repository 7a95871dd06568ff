"""The work of each performer by month: orders made, items, revenue without VAT."""
from datetime import date

import ttkbootstrap as ttk

from app.domain import inputs
from app.domain.errors import ValidationError
from app.domain.money import from_tiyn
from app.i18n import t
from app.ui.dialogs.documents import export_menubutton
from app.ui.screens.base import Screen
from app.ui.widgets.calendar import period_fields
from app.ui.widgets.formatting import data, money, number, tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

COLUMNS = (("month", "field.month", 110, "w"), ("role", "field.role", 160, "w"),
           ("orders", "ui.work.orders", 130, "e"), ("quantity", "ui.work.quantity", 120, "e"),
           ("revenue", "ui.work.revenue", 160, "e"))


def _day(value, field):
    """Both ends of the period are needed: an empty one is not a date either."""
    found = inputs.day((value or "").strip(), field)
    if found is None:
        raise ValidationError("error.field.date", field)
    return found


class WorkReportScreen(Screen):
    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        today = date.today()
        self.from_var, self.to_var, self.from_entry, self.to_entry = period_fields(
            bar, date(today.year, 1, 1).isoformat(), today.isoformat(), on_change=self.reload)
        self.show_button = ttk.Button(bar, text=t("ui.stock.show"), command=self.reload,
                                      bootstyle="primary")
        self.show_button.pack(side="left")
        self.error = data(ttk.Label(bar, text="", bootstyle="danger"))
        self.error.pack(side="left", padx=8)
        self.word_button = ttk.Button(bar, text=t("ui.docs.word"), command=self.document,
                                      bootstyle="primary-outline")
        self.word_button.pack(side="right")
        Tooltip(self.word_button, t("ui.tip.work_word"))
        self.export_button, self.export_menu = export_menubutton(bar, self.export,
                                                                "ui.tip.work_export")
        ttk.Label(self, text=t("ui.work.hint"), bootstyle="secondary").pack(anchor="w",
                                                                          pady=(6, 0))
        self.table = ScrolledTree(self, COLUMNS, height=20, show_tree=True)
        self.table.tree.heading("#0", text=tcap("ui.work.performer"), anchor="w")
        self.table.tree.column("#0", width=260, stretch=True)
        self.table.tree.tag_configure("person", font="TkHeadingFont")
        self.table.pack(fill="both", expand=True, pady=(6, 0))
        self.reload()

    def title(self):
        return t("ui.menu.work_report")

    def reload(self):
        from app.services import staff
        period = self.period()
        if period is None:
            return
        rows = staff.work_report(self.ctx.session, *period)
        tree = self.table.tree
        self.table.clear()
        people = {}
        for r in rows:
            sid = "p{}".format(r["staff_id"])
            if sid not in people:
                people[sid] = [0, 0, 0]
                tree.insert("", "end", iid=sid, text=r["name"], open=True, tags=("person",),
                            values=("", tcap("staff_role." + r["role"]), "", "", ""))
            total = people[sid]
            total[0] += r["orders"]
            total[1] += r["quantity"] or 0
            total[2] += r["revenue_tiyn"] or 0
            tree.insert(sid, "end", iid="{}-{}".format(sid, r["month"]), text="", values=(
                r["month"], "", number(r["orders"]), number(r["quantity"] or 0),
                money(from_tiyn(r["revenue_tiyn"] or 0))))
        for sid, (orders, quantity, revenue) in people.items():
            tree.set(sid, "orders", number(orders))
            tree.set(sid, "quantity", number(quantity))
            tree.set(sid, "revenue", money(from_tiyn(revenue)))
        if not rows:
            tree.insert("", "end", iid="none", text=t("ui.work.nothing"), values=("",) * 5)

    def period(self):
        """The period typed above, or None after saying what is wrong."""
        self.error.configure(text="")
        try:
            start = _day(self.from_var.get(), "date_from")
            end = _day(self.to_var.get(), "date_to")
        except ValidationError as exc:
            self.error.configure(text=t(exc.key))
            return None
        if start > end:
            self.error.configure(text=t("error.document.period"))
            return None
        return start.isoformat(), end.isoformat()

    def _make(self, work, label_key):
        from app import i18n
        from app.ui.dialogs.documents import make
        period = self.period()
        if period is None:
            return None
        lang = i18n.language()
        return make(self.ctx, lambda session: work(session, period[0], period[1], lang),
                    label_key)

    def document(self):
        """The table as a Word document, made off the Tk thread."""
        from app.services import report_documents
        return self._make(lambda s, start, end, lang: report_documents.performers_work(
            s, start, end, lang=lang), "ui.docs.making")

    def export(self, fmt):
        from app.services import exports
        return self._make(lambda s, start, end, lang: exports.performers_work(
            s, start, end, fmt=fmt, lang=lang), "ui.docs.exporting")

    def on_changed(self, what):
        if what in ("orders", "staff"):
            self.reload()


SCREEN = WorkReportScreen
