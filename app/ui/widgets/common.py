"""Small building blocks every screen uses: labelled fields with an error line, tooltips,
non-blocking dialogs, and the mark that says "this text is data, not a sentence of ours"."""
import tkinter as tk
import tkinter.font as tkfont
from decimal import Decimal

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import format_money, format_number, t

DATA_ATTR = "_iprint_data"
LABEL_GAP = 10  # pixels between a form's labels and its inputs


def data(widget):
    """Mark a widget whose text is data (a customer name, a figure): the language test skips it."""
    setattr(widget, DATA_ATTR, True)
    return widget


def cap(text) -> str:
    """Labels start with a capital; the catalogs keep field names lower-case for messages."""
    return text[:1].upper() + text[1:] if text else text


def tcap(key, **params) -> str:
    return cap(t(key, **params))


def money(value) -> str:
    return "" if value is None else format_money(value)


def number(value, places=0) -> str:
    return "" if value is None else format_number(Decimal(value), places)


def qty(value) -> str:
    """A stock quantity: 1 500 sheets, 12,5 m (no trailing zeros)."""
    if value is None:
        return ""
    text = format_number(Decimal(value), 3)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def pct(value) -> str:
    return "" if value is None else format_number(Decimal(value), 2) + " %"


def enter_moves_on(widget):
    """Enter goes to the next field, as Tab does (the shop types numbers, not prose)."""
    def _next(event):
        nxt = event.widget.tk_focusNext()
        if nxt is not None:
            nxt.focus_set()
        return "break"
    widget.bind("<Return>", _next, add="+")
    widget.bind("<KP_Enter>", _next, add="+")


class Tooltip:
    """A hint shown when the pointer rests on a widget; the text is a translation."""

    registry = []  # (widget, Tooltip): the language test reads their texts

    def __init__(self, widget, text):
        self.widget = widget
        self.text = text
        self._after = None
        self._tip = None
        widget.bind("<Enter>", self._schedule, add="+")
        widget.bind("<Leave>", self._hide, add="+")
        widget.bind("<ButtonPress>", self._hide, add="+")
        widget.bind("<Destroy>", self._hide, add="+")
        setattr(widget, "_iprint_tooltip", self)

    def _schedule(self, _event=None):
        self._hide()
        self._after = self.widget.after(500, self.show)

    def show(self):
        self._after = None
        if self._tip is not None or not self.widget.winfo_exists():
            return
        x = self.widget.winfo_rootx() + 12
        y = self.widget.winfo_rooty() + self.widget.winfo_height() + 4
        self._tip = tip_window(self.widget, x, y, self.text)

    def _hide(self, _event=None):
        cancel_after(self.widget, self._after, self._tip)
        self._after = self._tip = None


def tip_window(widget, x, y, text, is_data=False):
    """A borderless hint window at screen position (x, y); is_data marks a cell's text."""
    tip = tk.Toplevel(widget)
    tip.wm_overrideredirect(True)
    label = ttk.Label(tip, text=text, bootstyle="inverse-secondary", padding=(8, 4))
    label.pack()
    if is_data:
        data(label)
    tip.update_idletasks()  # kept on the screen: hints of the last column would run off it
    x = max(0, min(x, tip.winfo_screenwidth() - tip.winfo_reqwidth() - 4))
    tip.wm_geometry("+{}+{}".format(x, y))
    return tip


def cancel_after(widget, after_id, window=None):
    """Cancel a callback that is due and close a hint window; either may be gone already
    while the window closes."""
    if after_id is not None:
        try:
            widget.after_cancel(after_id)
        except tk.TclError:
            pass
    if window is not None:
        try:
            window.destroy()
        except tk.TclError:
            pass


def _names(option):
    """A Treeview option that lists names (Tk gives a string or a tuple) as strings."""
    return option.split() if isinstance(option, str) else [str(x) for x in option]


class TreeHints:
    """Shows the whole text of a column heading or a cell that its column cuts off when the
    pointer rests on it: Kazakh headings are long, and so are customers' names."""

    PAD = 12  # the Treeview's own padding around a cell's text

    def __init__(self, tree):
        self.tree = tree
        self._after = None
        self._tip = None
        self._target = None
        tree.bind("<Motion>", self._motion, add="+")
        for sequence in ("<Leave>", "<ButtonPress>", "<MouseWheel>", "<KeyPress>", "<Destroy>"):
            tree.bind(sequence, self._hide, add="+")

    def _font(self, heading):
        style = "Treeview.Heading" if heading else "Treeview"
        fallback = "TkHeadingFont" if heading else "TkDefaultFont"
        name = ttk.Style().lookup(style, "font") or fallback
        try:
            return tkfont.nametofont(name)
        except tk.TclError:  # a font description rather than a named font
            return tkfont.Font(root=self.tree, font=name)

    def target(self, x, y):
        """(kind, row, column) under the window point (x, y); kind is heading or cell."""
        tree = self.tree
        region = tree.identify_region(x, y)
        column = tree.identify_column(x)
        if region not in ("heading", "cell") or not column or column == "#0":
            return None
        return region, (tree.identify_row(y) if region == "cell" else ""), tree.column(column, "id")

    def text_at(self, x, y):
        """The whole text under (x, y) when its column is too narrow for it, else None."""
        found = self.target(x, y)
        if found is None:
            return None
        region, row, cid = found
        if region == "heading":
            text = self.tree.heading(cid, "text")
        else:
            text = str(self.tree.set(row, cid)) if row else ""
        if not text or self._font(region == "heading").measure(text) + self.PAD <= \
                self.visible_width(cid):
            return None
        return text

    def visible_width(self, cid):
        """The column's width on the screen: a narrow window cuts off the last columns."""
        tree = self.tree
        shown = _names(tree["displaycolumns"])
        if "#all" in shown:
            shown = _names(tree["columns"])
        left = int(tree.column("#0", "width")) if "tree" in _names(tree["show"]) else 0
        for c in shown:
            if c == cid:
                break
            left += int(tree.column(c, "width"))
        right = min(left + int(tree.column(cid, "width")), tree.winfo_width())
        return max(0, right - left)

    def _motion(self, event):
        found = self.target(event.x, event.y)
        if found == self._target:
            return
        self._hide()
        self._target = found
        text = self.text_at(event.x, event.y)
        if text is not None:
            self._after = self.tree.after(500, lambda: self.show(
                text, event.x_root + 12, event.y_root + 18, found[0] == "cell"))

    def show(self, text, x, y, is_data=False):
        self._after = None
        if self._tip is None and self.tree.winfo_exists():
            self._tip = tip_window(self.tree, x, y, text, is_data)

    def _hide(self, _event=None):
        if _event is not None:
            self._target = None
        cancel_after(self.tree, self._after, self._tip)
        self._after = self._tip = None


class Field:
    """One input: its label, its widget, its variable and its error line."""

    def __init__(self, name, label, widget, var, error):
        self.name = name
        self.label = label
        self.widget = widget
        self.var = var
        self.error = error
        self.box = widget  # what sits in the grid (a date field's entry sits in a frame)
        self.visible = True

    def get(self):
        return self.var.get()

    def set(self, value):
        if isinstance(self.var, tk.BooleanVar):
            self.var.set(bool(value))
        else:
            self.var.set("" if value is None else str(value))

    def show(self, visible=True):
        self.visible = visible
        for w in (self.label, self.box):
            if w is None:
                continue
            if visible:
                w.grid()
            else:
                w.grid_remove()
        if not visible:
            self.error.grid_remove()


class Form:
    """Fields in a grid: label at the left, input at the right, its error message under it.

    Errors of the services (DomainError with .field) land on the field they name."""

    def __init__(self, parent, label_width=None):
        self.parent = parent
        self.fields = {}
        self.row = 0
        self.label_width = label_width
        # label column minimum: label_width characters, then the longest label (_fit_label)
        self._label_min = tkfont.nametofont("TkDefaultFont").measure("0") * label_width \
            + LABEL_GAP if label_width else 0
        parent.columnconfigure(1, weight=1)

    def _fit_label(self, label):
        """The label column is label_width characters wide, or as wide as the longest label
        (hidden rows included): long Kazakh names stay whole, and the inputs do not move when
        a product type shows other rows."""
        self._label_min = max(self._label_min, label.winfo_reqwidth() + LABEL_GAP)
        self.parent.columnconfigure(0, minsize=self._label_min)

    def _place(self, name, label_text, widget, var, col_span=1):
        label = None
        if label_text is not None:
            label = ttk.Label(self.parent, text=cap(label_text), anchor="w")
            label.grid(row=self.row, column=0, sticky="w", padx=(0, LABEL_GAP), pady=(4, 0))
            self._fit_label(label)
        widget.grid(row=self.row, column=1, sticky="ew", pady=(4, 0), columnspan=col_span)
        error = ttk.Label(self.parent, text="", bootstyle="danger", font="TkSmallCaptionFont",
                          wraplength=320, justify="left")
        error.grid(row=self.row + 1, column=1, sticky="w")
        error.grid_remove()
        field = Field(name, label, widget, var, error)
        self.fields[name] = field
        self.row += 2
        return field

    def entry(self, name, label_key, value="", width=24, show=None, label_text=None):
        var = tk.StringVar(value=value)
        widget = ttk.Entry(self.parent, textvariable=var, width=width, show=show or "")
        enter_moves_on(widget)
        return self._place(name, label_text if label_text is not None else t(label_key), widget, var)

    def date(self, name, label_key, value="", width=12):
        """A date typed as YYYY-MM-DD, with a calendar button beside it."""
        from app.ui.widgets.calendar import date_field  # it builds on Dialog, below
        var = tk.StringVar(value=value)
        box, widget = date_field(self.parent, var, width)
        enter_moves_on(widget)
        field = self._place(name, t(label_key), box, var)
        field.widget = widget  # errors, focus and style go to the entry; the frame stays box
        return field

    def combo(self, name, label_key, values, value="", width=24, readonly=True, is_data=False):
        var = tk.StringVar(value=value)
        widget = ttk.Combobox(self.parent, textvariable=var, values=list(values), width=width,
                              state="readonly" if readonly else "normal")
        if is_data:
            data(widget)
        enter_moves_on(widget)
        return self._place(name, t(label_key), widget, var)

    def check(self, name, label_key, value=False):
        var = tk.BooleanVar(value=value)
        widget = ttk.Checkbutton(self.parent, text=tcap(label_key), variable=var,
                                 bootstyle="round-toggle")
        enter_moves_on(widget)
        return self._place(name, None, widget, var)

    def text(self, name, label_key, height=3, width=30):
        widget = tk.Text(self.parent, height=height, width=width, wrap="word", relief="solid",
                         borderwidth=1, font="TkTextFont")
        var = _TextVar(widget)
        return self._place(name, t(label_key), widget, var)

    def values(self) -> dict:
        return {name: f.get() for name, f in self.fields.items()}

    def clear_errors(self):
        for f in self.fields.values():
            f.error.configure(text="")
            f.error.grid_remove()
            _style(f.widget, None)

    def show_error(self, exc) -> bool:
        """Put a DomainError at its field; False when no field of this form has that name."""
        name = exc.field or ""
        field = self.fields.get(name) or self.fields.get(name.split(".")[-1])
        if field is None or not field.visible:
            return False
        field.error.configure(text=t(exc.key, **exc.params))
        field.error.grid()
        _style(field.widget, "danger")
        return True

    def focus_first(self):
        for f in self.fields.values():
            if f.visible:
                f.widget.focus_set()
                return


def _style(widget, bootstyle):
    try:
        if isinstance(widget, (ttk.Entry, ttk.Combobox)):
            widget.configure(bootstyle=bootstyle or "default")
    except tk.TclError:
        pass


class _TextVar:
    """A StringVar-like face for a Text widget."""

    def __init__(self, widget):
        self.widget = widget

    def get(self):
        return self.widget.get("1.0", "end-1c")

    def set(self, value):
        self.widget.delete("1.0", "end")
        self.widget.insert("1.0", value or "")


def error_text(exc) -> str:
    if isinstance(exc, DomainError):
        return exc.message()
    return str(exc)


class Dialog(tk.Toplevel):
    """A modal window that does not block the caller: buttons run callbacks.

    Tests find open dialogs through Dialog.open_dialogs and press their buttons."""

    open_dialogs = []

    def __init__(self, parent, title, modal=True):
        super().__init__(parent)
        self.withdraw()
        self.title(title)
        self.body = ttk.Frame(self, padding=16)
        self.body.pack(fill="both", expand=True)
        self.buttons = ttk.Frame(self, padding=(16, 0, 16, 16))
        self.buttons.pack(fill="x")
        self.button_by_key = {}
        self.transient(parent.winfo_toplevel())
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.bind("<Escape>", lambda e=None: self.close())
        self.modal = modal
        Dialog.open_dialogs.append(self)

    def add_button(self, key, command, bootstyle="primary", default=False):
        b = ttk.Button(self.buttons, text=t(key), command=command, bootstyle=bootstyle)
        b.pack(side="right", padx=(8, 0))
        self.button_by_key[key] = b
        if default:
            self.bind("<Return>", lambda e=None: command())
        return b

    def present(self):
        self.update_idletasks()
        parent = self.master.winfo_toplevel()
        w, h = self.winfo_reqwidth(), self.winfo_reqheight()
        try:
            x = parent.winfo_rootx() + max(0, (parent.winfo_width() - w) // 2)
            y = parent.winfo_rooty() + max(0, (parent.winfo_height() - h) // 3)
            self.geometry("+{}+{}".format(x, y))
        except tk.TclError:
            pass
        self.deiconify()
        if self.modal:
            try:
                self.grab_set()
            except tk.TclError:
                pass  # another grab (a tooltip, a test) holds it: modal in spirit only
        self.lift()
        self.focus_set()

    def close(self):
        if self in Dialog.open_dialogs:
            Dialog.open_dialogs.remove(self)
        try:
            self.grab_release()
            self.destroy()
        except tk.TclError:
            pass


class FormDialog(Dialog):
    """A dialog that is one form with Save and Cancel (a customer, a user, a stock receipt…).

    Subclasses add their fields in fields() and call the service in store(values); a
    DomainError lands at the field it names (else in an error window) and nothing typed is
    lost; a save closes the dialog, announces `changes` (ctx.changed) and runs saved()."""

    label_width = 18
    changes = None  # the topic other screens reload on ("customers", "staff", "stock")

    def __init__(self, parent, ctx, title, on_saved=None, intro=None, expand=False):
        super().__init__(parent, title)
        self.ctx = ctx
        self.on_saved = on_saved
        # the window's ✕ and Esc are Cancel too (a forced password change logs out on all three)
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        self.bind("<Escape>", lambda e=None: self.cancel())
        if intro:
            ttk.Label(self.body, text=intro, wraplength=380,
                      bootstyle="warning").pack(anchor="w", pady=(0, 8))
        inner = ttk.Frame(self.body)
        inner.pack(fill="both", expand=expand)
        self.form = Form(inner, label_width=self.label_width)
        self.fields()
        self.add_button("ui.button.save", self.save, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.present()
        self.form.focus_first()

    def fields(self):
        """Add this dialog's fields to self.form."""

    def store(self, values):
        """Call the service with the form's values; return what saved() should get."""
        raise NotImplementedError

    def save(self):
        self.form.clear_errors()
        try:
            result = self.store(self.form.values())
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.close()
        if self.changes:
            self.ctx.changed(self.changes)
        self.saved(result)

    def saved(self, result):
        if self.on_saved:
            self.on_saved()

    def cancel(self):
        self.close()


class Pager:
    """‹ Back, the page, Next ›: a long list shown `size` rows at a time.

    The screen reads its rows from `offset`, calls shown() after every page, and first()
    when a new search starts over; Back and Next move the offset and call on_page."""

    def __init__(self, parent, size, on_page, page_label=True, gap=8):
        self.size = size
        self.offset = 0
        self.on_page = on_page
        self.next_button = ttk.Button(parent, text=t("ui.orders.next"), command=self.next,
                                      bootstyle="primary-outline")
        self.next_button.pack(side="right")
        self.label = None
        if page_label:
            self.label = data(ttk.Label(parent, text=""))
            self.label.pack(side="right", padx=gap)
        self.prev_button = ttk.Button(parent, text=t("ui.orders.prev"), command=self.prev,
                                      bootstyle="primary-outline")
        self.prev_button.pack(side="right", padx=0 if page_label else gap)

    @property
    def page(self):
        return self.offset // self.size + 1

    def first(self):
        self.offset = 0

    def next(self):
        self.offset += self.size
        self.on_page()

    def prev(self):
        self.offset = max(0, self.offset - self.size)
        self.on_page()

    def shown(self, more, text=None):
        """After a page: `more` says whether a next page exists; text replaces "page N"."""
        if self.label is not None:
            self.label.configure(text=text or t("ui.orders.page_short", page=self.page))
        self.prev_button.configure(state="normal" if self.offset else "disabled")
        self.next_button.configure(state="normal" if more else "disabled")


def message(parent, text, title_key="ui.dialog.info", kind="info", on_close=None):
    """A polite message with one OK button."""
    d = Dialog(parent, t(title_key))
    style = {"error": "danger", "warning": "warning"}.get(kind, "primary")
    ttk.Label(d.body, text=text, wraplength=460, justify="left", bootstyle=style if kind == "error" else "default").pack(
        anchor="w")
    data(d.body.winfo_children()[-1])  # the message may carry data (a path, a number)

    def ok():
        d.close()
        if on_close:
            on_close()
    d.add_button("ui.button.ok", ok, default=True)
    d.present()
    return d


def confirm(parent, text, on_yes, yes_key="ui.button.yes", danger=True):
    """Ask before anything is deleted or cancelled; on_yes runs only on Yes."""
    d = Dialog(parent, t("ui.dialog.confirm"))
    lbl = ttk.Label(d.body, text=text, wraplength=460, justify="left")
    lbl.pack(anchor="w")
    data(lbl)

    def yes():
        d.close()
        on_yes()
    d.add_button("ui.button.no", d.close, bootstyle="primary-outline")
    d.add_button(yes_key, yes, bootstyle="danger" if danger else "primary")
    d.present()
    d.button_by_key["ui.button.no"].focus_set()
    return d


class ScrolledTree(ttk.Frame):
    """A Treeview with a vertical scrollbar and translated column headings."""

    def __init__(self, parent, columns, height=15, show_tree=False):
        super().__init__(parent)
        ids = [c[0] for c in columns]
        self.tree = ttk.Treeview(self, columns=ids, show="tree headings" if show_tree else "headings",
                                 height=height, selectmode="browse")
        data(self.tree)
        for cid, key, width, anchor in columns:
            self.tree.heading(cid, text=tcap(key), anchor=anchor)
            self.tree.column(cid, width=width, anchor=anchor, stretch=anchor == "w")
        sb = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        sb.grid(row=0, column=1, sticky="ns")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)
        self.heading_keys = {c[0]: c[1] for c in columns}
        self.hints = TreeHints(self.tree)

    def clear(self):
        self.tree.delete(*self.tree.get_children())

    def selected(self):
        sel = self.tree.selection()
        return sel[0] if sel else None
