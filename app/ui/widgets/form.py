"""Forms: labelled inputs in a grid with an error line under each (a date field has its
calendar), and the dialog that is one form with Save and Cancel."""
import time
import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk

from app.domain.errors import DomainError, ValidationError
from app.i18n import capitalise, message_text, t
from app.ui.widgets.calendar import date_field
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.hints import Tooltip, cut_value

LABEL_GAP = 10  # pixels between a form's labels and its inputs
FIT_MAX_CHARS = 40  # a list box fitted to its choices grows no wider (a hint shows the rest)


def range_rule(low, high):
    """A field's hint for a number range, in the words of its error message ("must be from 1
    to 10 000 000"): the same figures as the message the field would show."""
    return message_text(ValidationError("error.field.out_of_range", "", low=low, high=high))


def length_rule(limit):
    """A text field's hint: at most `limit` characters."""
    return t("ui.tip.max_chars", max=limit)


def enter_moves_on(widget):
    """Enter goes to the next field, as Tab does (the shop types numbers, not prose)."""
    def _next(event):
        if event.state & 0x4:  # Ctrl+Enter is the window's (a quote saved as an order)
            return None
        nxt = event.widget.tk_focusNext()
        # a field filled from the one before (a named format's width and height) is passed
        seen = set()
        while nxt is not None and str(nxt) not in seen and getattr(nxt, "enter_passes", None) \
                and nxt.enter_passes():
            seen.add(str(nxt))
            nxt = nxt.tk_focusNext()
        if nxt is not None:
            nxt.focus_set()
            nxt.event_generate("<<TraverseIn>>")  # as Tab does: an entry's text selected
        return "break"
    widget.bind("<Return>", _next, add="+")
    widget.bind("<KP_Enter>", _next, add="+")


TYPE_AHEAD_S = 1.0  # keys further apart than this start a new choice


def type_to_choose(combo):
    """Typing into a list that takes no text chooses the first value that starts with what was
    typed, or has a word that does ("4+0", "A5", "130" for "Coated 130 g/m²")."""
    state = {"typed": "", "at": 0.0}

    def _key(event):
        # Ctrl chords, Tab, Enter, arrows: theirs (0x8 is NumLock on Windows, not Alt)
        if event.state & 0x4 or not event.char or not event.char.isprintable():
            return None
        now = time.monotonic()
        typed = (state["typed"] if now - state["at"] <= TYPE_AHEAD_S else "") + event.char
        state["at"] = now
        values = [str(v) for v in combo.cget("values")]
        low = typed.lower()
        found = next((v for v in values if v.lower().startswith(low)), None) or next(
            (v for v in values if any(w.startswith(low) for w in v.lower().split())), None)
        if found is None:
            if len(typed) > 1:  # a slip ends the typed choice: the key starts a new one
                state["typed"] = ""
                return _key(event)
            return "break"
        state["typed"] = typed
        if combo.get() != found:
            combo.set(found)
            combo.event_generate("<<ComboboxSelected>>")
        return "break"
    combo.bind("<KeyPress>", _key, add="+")


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
        self.error_row = None  # (grid, row, height): the room its error line keeps
        self.form = None
        self.title = ""  # the field's name, as its label (or its switch) says it
        self.rule = None  # its format or limits, when known: the hover hint says them

    def hint_text(self):
        """The field's hover hint: its name, its format or limits where known, and its whole
        value when the box shows only part of it."""
        parts = [capitalise(self.title)] if self.title else []
        if self.rule:
            parts.append(capitalise(self.rule))
        box = getattr(self.widget, "combo", self.widget)  # the customer picker's list box
        whole = None if _hidden(box) else cut_value(box)
        if whole is not None:
            parts.append(whole)
        return "\n".join(parts)

    def get(self):
        return self.var.get()

    def set(self, value):
        if isinstance(self.var, tk.BooleanVar):
            self.var.set(bool(value))
        else:
            self.var.set("" if value is None else str(value))

    def say(self, text):
        """Show text as this field's error (in its line, or in the form's summary)."""
        self.error.configure(text=text)
        if self.form is not None:
            self.form._show_message(self, True)

    def unsay(self):
        if self.error.cget("text") == "":
            return  # nothing shown: nothing to take away (the quote clears at every key)
        self.error.configure(text="")
        if self.form is not None:
            self.form._show_message(self, False)

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
            self.unsay()
        if self.error_row is not None:  # a hidden field keeps no room for its message
            grid, row, height = self.error_row
            grid.rowconfigure(row, minsize=height if visible else 0)


class MessageRoom(ttk.Frame):
    """Room kept for the messages of one or more forms, `lines` high whether any shows or not:
    each message on a line of its own naming its field, in reading order, `columns` side by
    side. Asks for no width: a long message never widens what holds it."""

    def __init__(self, parent, lines=2, columns=1):
        probe = ttk.Label(parent, text="Ag", font="TkSmallCaptionFont", borderwidth=0)
        self.line_height = probe.winfo_reqheight()
        probe.destroy()
        super().__init__(parent, width=1, height=lines * self.line_height)
        self.grid_propagate(False)
        self.lines = lines
        self.columns = columns
        for c in range(columns):
            self.columnconfigure(c, weight=1, uniform="messages")
        self.forms = []
        # a message of no field (a save the service refused), on the first line
        self.note = data(ttk.Label(self, text="", bootstyle="danger", font="TkSmallCaptionFont",
                                   borderwidth=0, anchor="w", width=1))

    def name_font(self):
        """The field's name in a message: the messages' font, bold."""
        if "iPrintMessageName" not in tkfont.names(self):
            base = tkfont.nametofont("TkSmallCaptionFont").actual()
            base["weight"] = "bold"
            # kept by the root: a Font object deletes its named font when collected
            self._root()._iprint_message_font = tkfont.Font(root=self, name="iPrintMessageName",
                                                            **base)
        return "iPrintMessageName"

    def say(self, text):
        """A message of no field ("" takes it away)."""
        self.note.configure(text=text)
        self.refresh()

    def refresh(self):
        shown = [f for form in self.forms for f in form.fields.values()
                 if getattr(f.error, "_shown", False)]
        self.note.grid_forget()
        for form in self.forms:
            for f in form.fields.values():
                f.error.entry.grid_forget()
        first = 0
        if self.note.cget("text"):
            self.note.grid(row=0, column=0, columnspan=self.columns, sticky="ew")
            first = self.columns
        for i, f in enumerate(shown, first):
            f.error.entry.grid(row=i // self.columns, column=i % self.columns, sticky="ew",
                               padx=(0, 12))


class Form:
    """Fields in a grid: label at the left, input at the right, its error message under it.

    Errors of the services (DomainError with .field) land on the field they name. The room for
    a message is kept whether one shows or not, so that nothing moves when one appears:
    messages="lines" keeps a line under every field (dialogs); messages="summary" keeps two
    lines under the whole form, each naming its field (the long screens: the quote, the
    settings, where a line per field would not fit a 1366×768 screen)."""

    SUMMARY_LINES = 2

    def __init__(self, parent, label_width=None, messages="lines"):
        self.parent = parent
        self.fields = {}
        self.row = 0
        self.label_width = label_width
        self.messages = messages
        self._clean = None  # the values as filled in (mark_clean), to tell what was typed
        # label column minimum: label_width characters, then the longest label (_fit_label)
        self._label_min = tkfont.nametofont("TkDefaultFont").measure("0") * label_width \
            + LABEL_GAP if label_width else 0
        parent.columnconfigure(1, weight=1)
        # the inputs' column asks for its widest input, hidden rows included (a product type's
        # check box with a long Kazakh text must not widen the form when it is shown); a
        # spacer, not a minsize, so that a narrow window may still shrink the inputs
        self._input_min = 0
        self._spacer = ttk.Frame(parent, width=1, height=1)
        self._spacer.grid(row=0, column=1, sticky="nw")
        self._spacer.lower()
        probe = ttk.Label(parent, text="Ag", font="TkSmallCaptionFont", borderwidth=0)
        self._error_height = probe.winfo_reqheight()
        probe.destroy()
        self.summary = None
        if messages == "summary":  # a room of its own, below every row a form will have
            self.summary = MessageRoom(parent)
            self.summary.grid(row=1000, column=0, columnspan=2, sticky="ew", pady=(4, 0))
        elif isinstance(messages, MessageRoom):  # a room the screen keeps for several forms
            self.summary = messages
        if self.summary is not None:
            self.summary.forms.append(self)

    def _fit_label(self, label):
        """The label column is label_width characters wide, or as wide as the longest label
        (hidden rows included): long Kazakh names stay whole, and the inputs do not move when
        a product type shows other rows."""
        self._label_min = max(self._label_min, label.winfo_reqwidth() + LABEL_GAP)
        self.parent.columnconfigure(0, minsize=self._label_min)

    def _fit_input(self, widget):
        self._input_min = max(self._input_min, widget.winfo_reqwidth())
        self._spacer.configure(width=self._input_min)

    def _place(self, name, label_text, widget, var, col_span=1, rule=None, typed_in=None):
        """Grid one field; typed_in is the input inside widget when widget is a frame around
        it (a date's entry). Every field gets its hover hint here (Field.hint_text)."""
        label = None
        lines = self.summary is None
        if label_text is not None:
            label = ttk.Label(self.parent, text=capitalise(label_text), anchor="w")
            label.grid(row=self.row, column=0, sticky="w", padx=(0, LABEL_GAP),
                       pady=(0 if lines else 4, 0))
            self._fit_label(label)
            widget.grid(row=self.row, column=1, sticky="ew", columnspan=col_span,
                        pady=(0 if lines else 4, 0))
            self._fit_input(widget)
        else:
            # a switch has no label: it takes the labels' column too, so its long Kazakh text
            # is whole without widening the inputs' column
            widget.grid(row=self.row, column=0, sticky="w", columnspan=1 + col_span,
                        pady=(0 if lines else 4, 0))
        if lines:
            # the error line is under the label and its input, one line high whether it shows
            # a message or not: a message never pushes the fields below it (nor a dialog's
            # buttons) and asks for no width (width=1), so a long one never widens the form
            error = ttk.Label(self.parent, text="", bootstyle="danger", borderwidth=0,
                              font="TkSmallCaptionFont", justify="left", width=1, anchor="w")
            error.grid(row=self.row + 1, column=0, columnspan=2, sticky="ew")
            self.parent.rowconfigure(self.row + 1, minsize=self._error_height)
            error.grid_remove()
        else:
            # one line of the room: the field's name, then its message
            entry = ttk.Frame(self.summary)
            named = label_text if label_text is not None else widget.cget("text")
            ttk.Label(entry, text=capitalise(str(named)), bootstyle="danger", borderwidth=0,
                      font=self.summary.name_font()).pack(side="left", padx=(0, 6))
            error = ttk.Label(entry, text="", bootstyle="danger", font="TkSmallCaptionFont",
                              anchor="w", width=1, borderwidth=0)
            error.pack(side="left", fill="x", expand=True)
            error.entry = entry
        field = Field(name, label, widget, var, error)
        field.form = self
        if typed_in is not None:
            field.widget = typed_in  # errors, focus, style and the hint; the frame stays box
        field.title = label_text if label_text is not None else str(widget.cget("text"))
        field.rule = rule
        # the customer picker is a frame around its list box: the hint goes on the box
        Tooltip(getattr(field.widget, "combo", field.widget), field.hint_text)
        if lines:
            field.error_row = (self.parent, self.row + 1, self._error_height)
        self.fields[name] = field
        self.row += 2
        return field

    def _show_message(self, field, shown):
        if self.summary is None:
            if shown:
                field.error.configure(wraplength=self._line_width(field))
                field.error.grid()
            else:
                field.error.grid_remove()
            return
        field.error._shown = shown
        self.summary.refresh()

    def entry(self, name, label_key, value="", width=24, show=None, label_text=None, rule=None):
        var = tk.StringVar(value=value)
        widget = ttk.Entry(self.parent, textvariable=var, width=width, show=show or "")
        enter_moves_on(widget)
        return self._place(name, label_text if label_text is not None else t(label_key),
                           widget, var, rule=rule)

    def date(self, name, label_key, value="", width=12):
        """A date typed as YYYY-MM-DD, with a calendar button beside it."""
        var = tk.StringVar(value=value)
        box, widget = date_field(self.parent, var, width)
        enter_moves_on(widget)
        return self._place(name, t(label_key), box, var, rule=t("ui.tip.date"), typed_in=widget)

    def combo(self, name, label_key, values, value="", width=24, readonly=True, is_data=False,
              fit=False, rule=None):
        """A list box; fit: at least as wide as its longest choice (catalog names), up to
        FIT_MAX_CHARS, so a name is whole in the box itself, not only in its hint."""
        var = tk.StringVar(value=value)
        values = list(values)
        widget = ttk.Combobox(self.parent, textvariable=var, values=values, width=width,
                              state="readonly" if readonly else "normal")
        if fit and values:
            width = max(width, fitting_width(widget, values))
            widget.configure(width=min(width, FIT_MAX_CHARS))
        if is_data:
            data(widget)
        if readonly:
            type_to_choose(widget)
        enter_moves_on(widget)
        return self._place(name, t(label_key), widget, var, rule=rule)

    def check(self, name, label_key, value=False):
        var = tk.BooleanVar(value=value)
        widget = ttk.Checkbutton(self.parent, text=tcap(label_key), variable=var,
                                 bootstyle="round-toggle")
        enter_moves_on(widget)
        return self._place(name, None, widget, var)

    def text(self, name, label_key, height=3, width=30, rule=None):
        widget = tk.Text(self.parent, height=height, width=width, wrap="word", relief="solid",
                         borderwidth=1, font="TkTextFont")
        var = _TextVar(widget)
        return self._place(name, t(label_key), widget, var, rule=rule)

    def values(self) -> dict:
        return {name: f.get() for name, f in self.fields.items()}

    def clear_errors(self):
        for f in self.fields.values():
            f.unsay()
            _style(f.widget, None)

    def show_error(self, exc, focus=True) -> bool:
        """Put a DomainError at its field, each of a FieldErrors at its own, the cursor in the
        first bad field; False when some error names no field of this form."""
        return not show_errors(exc, (self,), focus)

    def _place_error(self, exc):
        """The field that now shows exc, or None when this form has no such field."""
        name = exc.field or ""
        field = self.fields.get(name) or self.fields.get(name.split(".")[-1])
        if field is None or not field.visible:
            return None
        field.say(message_text(exc))
        _style(field.widget, "danger")
        return field

    def _line_width(self, field):
        """The width of the field's row: the error wraps there (only a message longer than the
        whole form takes a second line)."""
        row = field.error_row[1] - 1
        try:
            width = self.parent.grid_bbox(0, row, 1, row)[2]
        except (tk.TclError, TypeError, IndexError):
            width = 0
        return max(width, 200)

    def dirty(self) -> bool:
        """Something typed since the form was filled (mark_clean)."""
        return self._clean is not None and self.values() != self._clean

    def mark_clean(self):
        self._clean = self.values()

    def focus_first(self):
        for f in self.fields.values():
            if f.visible:
                f.widget.focus_set()
                return


def fitting_width(widget, values):
    """The width in characters (of the widget's font: Tk counts a "0" as one) that shows the
    longest of values whole."""
    font = tkfont.Font(root=widget, font=widget.cget("font") or "TkTextFont")
    zero = max(1, font.measure("0"))
    longest = max(font.measure(str(v)) for v in values)
    return -(-longest // zero) + 1  # rounded up, and a character's room for the text's inset


def show_errors(exc, forms, focus=True):
    """Every error of exc (a FieldErrors holds several) at its field in one of the forms, the
    cursor in the first bad field; returns the errors no form has a field for."""
    errors = getattr(exc, "errors", None) or [exc]
    left, placed = [], set()
    for err in errors:
        field = None
        for form in forms:
            field = form._place_error(err)
            if field is not None:
                break
        if field is None:
            left.append(err)
        else:
            placed.add(id(field))
    # the first bad field in reading order, whatever order the service found them in
    first = next((f for form in forms for f in form.fields.values() if id(f) in placed), None)
    if focus and first is not None:
        try:
            first.widget.focus_set()
        except tk.TclError:
            pass
    return left


def _hidden(widget):
    """A password box: its hint never shows what was typed."""
    try:
        return bool(str(widget.cget("show")))
    except tk.TclError:
        return False


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



class FormDialog(Dialog):
    """A dialog that is one form with Save and Cancel (a customer, a user, a stock receipt…).

    Subclasses add their fields in fields() and call the service in store(values); a
    DomainError lands at the field it names (else in an error window) and nothing typed is
    lost; a save closes the dialog, announces `changes` (ctx.changed) and runs saved().
    Cancel, Esc and ✕ ask first when a field differs from what fields() filled in."""

    label_width = 18
    changes = None  # the topic other screens reload on ("customers", "staff", "stock")
    save_key = "ui.button.save"  # the default button's words

    def __init__(self, parent, ctx, title, on_saved=None, intro=None, expand=False):
        super().__init__(parent, title)
        self.ctx = ctx
        self.on_saved = on_saved
        if intro:
            ttk.Label(self.body, text=intro, wraplength=380,
                      bootstyle="warning").pack(anchor="w", pady=(0, 8))
        inner = ttk.Frame(self.body)
        inner.pack(fill="both", expand=expand)
        self.form = Form(inner, label_width=self.label_width)
        self.fields()
        self.add_button(self.save_key, self.save, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.form.mark_clean()  # what fields() filled in is not "typed"
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

    def typed(self) -> bool:
        return self.form.dirty()
