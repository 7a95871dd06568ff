"""Making documents from the screens: the work runs off the Tk thread (a .docx with charts or
a drawing takes seconds), then the status bar says which file was made and offers Open, Print
and the folder. Also the period dialog of the reports and the offer's quantity ladder."""
import os
import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from app import i18n
from app.domain import inputs
from app.domain.errors import Collect, DomainError, ValidationError
from app.i18n import error_text, message_text, t
from app.ui.widgets.dialog import Dialog, message
from app.ui.widgets.form import Form, show_errors
from app.ui.widgets.formatting import data, number
from app.ui.widgets.hints import Tooltip

EXPORT_FORMATS = (("xlsx", "ui.docs.format_xlsx"), ("csv", "ui.docs.format_csv"))


def export_menubutton(parent, export, tip_key, padx=(0, 6)):
    """"Export ▾" with Excel and CSV, packed at the right; returns (button, menu)."""
    button = ttk.Menubutton(parent, text=t("ui.docs.export"), bootstyle="primary-outline")
    menu = tk.Menu(button, tearoff=False)
    for fmt, key in EXPORT_FORMATS:
        menu.add_command(label=t(key), command=lambda f=fmt: export(f))
    button.configure(menu=menu)
    button.pack(side="right", padx=padx)
    Tooltip(button, t(tip_key))
    return button, menu


def language_names():
    return {t("ui.lang." + lang): lang for lang in i18n.LANGUAGES}


def make(ctx, work, label_key="ui.docs.making", on_done=None):
    """Run work(session) -> DocumentFile in the background; show the result when it is made.

    Errors of the services (a file open in Word, a bad period) are said by run_background."""
    def done(doc):
        dialog = DocumentResult(ctx.root, ctx, doc.path)
        if on_done is not None:
            on_done(doc, dialog)
    return ctx.run_background(lambda session, progress: work(session), done, label_key)


class DocumentResult:
    """"Saved: <file>" in the main window's status bar with Open, Print and Folder links.

    Not a dialog (issue 17.12): a window here held the menus until OK was pressed. The newest
    notice replaces the one before; × or the next document takes it away. A problem of a link
    (the file moved, no program for .docx) is said beside it."""

    shown = []  # the notice on screen (tests find it here)
    BUTTONS = (("ui.docs.open", "open_it"), ("ui.docs.print", "print_it"),
               ("ui.docs.folder", "open_folder"))

    def __init__(self, parent, ctx, path, note=""):
        self.ctx = ctx
        self.path = path
        for old in list(DocumentResult.shown):
            old.close()
        holder = getattr(ctx.app, "status_notice", None)
        if holder is None or not holder.winfo_exists():  # logged out meanwhile: no status bar
            holder = parent
        self.frame = ttk.Frame(holder)
        self.frame.pack(side="right")
        self.path_label = data(ttk.Label(self.frame, text=t("ui.docs.saved_name",
                                                            name=_name(path))))
        self.path_label.pack(side="left")
        Tooltip(self.path_label, str(path))
        self.button_by_key = {}
        for key, method in self.BUTTONS:
            b = ttk.Button(self.frame, text=t(key), bootstyle="link", padding=(4, 0),
                           command=getattr(self, method))
            b.pack(side="left")
            self.button_by_key[key] = b
        close = ttk.Button(self.frame, text="×", bootstyle="link", padding=(2, 0),
                           command=self.close)
        close.pack(side="left")
        Tooltip(close, t("ui.docs.saved_notice_close"))
        self.button_by_key["ui.docs.saved_notice_close"] = close
        self.note = data(ttk.Label(self.frame, text=note, bootstyle="danger"))
        self.note.pack(side="left", padx=(6, 0))
        DocumentResult.shown.append(self)
        # the status bar goes with its window (log out, close): the notice is no longer shown
        self.frame.bind("<Destroy>", self._gone, add="+")

    def _gone(self, event):
        if event.widget is self.frame and self in DocumentResult.shown:
            DocumentResult.shown.remove(self)

    def is_shown(self):
        return self in DocumentResult.shown

    def close(self):
        if self in DocumentResult.shown:
            DocumentResult.shown.remove(self)
        try:
            self.frame.destroy()
        except tk.TclError:
            pass

    def _run(self, fn):
        self.note.configure(text="")
        try:
            fn(self.path)
        except DomainError as exc:  # said here, beside the path
            self.note.configure(text=message_text(exc))
            return False
        return True

    def open_it(self):
        from app.services import printing
        if self._run(printing.open_document):
            self.close()

    def print_it(self):
        from app.services import printing
        if self._run(printing.print_document):
            self.close()

    def open_folder(self):
        from app.services import printing
        self._run(printing.open_folder)


def _name(path):
    return os.path.basename(str(path))


def _quantity(text):
    from app.domain.job import MAX_QUANTITY
    return inputs.number(text, "quantities", 1, MAX_QUANTITY, integer=True)


def month_start(today=None):
    today = today or date.today()
    return today.replace(day=1).isoformat()


class PeriodDialog(Dialog):
    """A period (and, for exports, a format) before a report is made."""

    def __init__(self, parent, ctx, title_key, on_ok, date_from=None, date_to=None,
                 formats=False, ok_key="ui.docs.make", required=False):
        super().__init__(parent, t(title_key))
        self.ctx = ctx
        self.on_ok = on_ok
        self.required = required  # both days needed (a reconciliation statement)
        inner = ttk.Frame(self.body)
        inner.pack(fill="both")
        self.form = Form(inner, label_width=16)
        self.form.date("date_from", "ui.field.date_from",
                       date_from if date_from is not None else month_start(), width=11)
        self.form.date("date_to", "ui.field.date_to",
                       date_to if date_to is not None else date.today().isoformat(), width=11)
        self.langs = language_names()
        self.form.combo("lang", "ui.docs.language", list(self.langs),
                        t("ui.lang." + i18n.language()), width=14)
        if formats:
            self.formats = {t(key): fmt for fmt, key in EXPORT_FORMATS}
            self.form.combo("format", "ui.field.format", list(self.formats),
                            t(EXPORT_FORMATS[0][1]), width=14)
        ttk.Label(self.body, text=t("ui.tip.date"), bootstyle="secondary").pack(anchor="w",
                                                                            pady=(6, 0))
        self.add_button(ok_key, self.ok, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.form.mark_clean()
        self.present()
        self.form.focus_first()

    def typed(self):
        return self.form.dirty()

    def ok(self):
        self.form.clear_errors()
        v = self.form.values()
        try:
            errors = Collect()  # both days said after one click
            start = errors(inputs.day, v["date_from"].strip(), "date_from",
                           required=self.required)
            end = errors(inputs.day, v["date_to"].strip(), "date_to", required=self.required)
            errors.done()
            if start and end and start > end:
                raise ValidationError("error.document.period", "date_to")
            start = start.isoformat() if start else None
            end = end.isoformat() if end else None
        except ValidationError as exc:
            show_errors(exc, (self.form,))
            return
        lang = self.langs.get(v["lang"], i18n.language())
        fmt = self.formats.get(v["format"], "xlsx") if "format" in v else None
        self.close()
        if fmt is None:
            self.on_ok(start, end, lang)
        else:
            self.on_ok(start, end, lang, fmt)


def reconciliation_dialog(parent, ctx, customer_id):
    """The reconciliation statement of a customer: the period (from the first of January to
    today unless changed) and the language, then the Word file."""
    from app.services import reconciliation
    today = ctx.session.now()[:10]

    def made(start, end, lang):
        return make(ctx, lambda s: reconciliation.document(s, customer_id, start, end,
                                                           lang=lang))
    return PeriodDialog(parent, ctx, "ui.reconciliation.title", made,
                        date_from=today[:4] + "-01-01", date_to=today, required=True)


class OfferDialog(Dialog):
    """The quantities of the offer's ladder: the order's own and up to three others."""

    def __init__(self, parent, ctx, order, lang, on_made=None):
        super().__init__(parent, t("ui.docs.offer_title", number=order.number))
        self.ctx = ctx
        self.order = order
        self.lang = lang
        self.on_made = on_made
        q = order.quantity
        ttk.Label(self.body, text=t("ui.docs.offer_hint", quantity=number(q)), wraplength=440,
                  justify="left").pack(anchor="w")
        row = ttk.Frame(self.body)
        row.pack(anchor="w", pady=(10, 0))
        self.quantity_vars = []
        for value in (q * 2, q * 5, ""):
            var = tk.StringVar(value=str(value))
            entry = ttk.Entry(row, textvariable=var, width=10, justify="right")
            entry.pack(side="left", padx=(0, 6))
            self.quantity_vars.append(var)
        self.entries = row.winfo_children()
        self.error = data(ttk.Label(self.body, text="", bootstyle="danger", wraplength=440))
        self.error.pack(anchor="w", pady=(4, 0))
        self.add_button("ui.docs.make", self.make, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.watch(self.quantity_vars)
        self.present()
        self.entries[0].focus_set()

    def quantities(self):
        out = [self.order.quantity]
        for var in self.quantity_vars:
            text = var.get().strip()
            if text:
                out.append(text)
        return out

    def make(self):
        from app.services import order_documents
        quantities = self.quantities()
        for entry in self.entries:
            entry.configure(bootstyle="default")
        # the services check again; a typo is said here, not after a wait, naming its box
        for box, var in enumerate(self.quantity_vars, start=1):
            if not var.get().strip():
                continue
            try:
                _quantity(var.get().strip())
            except ValidationError as exc:
                self.error.configure(text=error_text(inputs.BoxError(box, exc)))
                self.entries[box - 1].configure(bootstyle="danger")
                self.entries[box - 1].focus_set()
                return
        self.close()
        order_id, lang = self.order.id, self.lang
        make(self.ctx, lambda s: order_documents.offer(s, order_id, quantities, lang=lang),
             on_done=self.on_made)


def open_manual(ctx, kind):
    """Help menu: make the manual in the person's language and open it."""
    from app.services import manuals, printing
    lang = i18n.language()

    def work(session, progress):
        return manuals.manual(session.db, kind, lang=lang)

    def done(doc):
        try:
            printing.open_document(doc.path)
        except DomainError as exc:  # no program for .docx: say where the file is
            DocumentResult(ctx.root, ctx, doc.path, note=message_text(exc))
            return
        ctx.status(t("ui.docs.opened", name=doc.path.name))
    return ctx.run_background(work, done, "ui.docs.making")


def reports_order_register(ctx):
    from app.services import report_documents

    def go(start, end, lang):
        make(ctx, lambda s: report_documents.order_register(s, start, end, lang=lang))
    return PeriodDialog(ctx.root, ctx, "ui.menu.report_register", go)


def reports_receivables(ctx):
    from app.services import report_documents
    lang = i18n.language()
    return make(ctx, lambda s: report_documents.receivables(s, lang=lang))


def reports_profitability(ctx):
    from app.services import report_documents
    if not ctx.is_admin:
        message(ctx.root, t("error.permission.admin_only"), "ui.dialog.error", "error")
        return None

    def go(start, end, lang):
        make(ctx, lambda s: report_documents.profitability(s, start, end, lang=lang))
    return PeriodDialog(ctx.root, ctx, "ui.menu.report_profitability", go)
