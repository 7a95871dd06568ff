"""A month calendar for date fields: a small button beside the field opens it under the field.

The field stays a plain entry (dates are typed as YYYY-MM-DD as before, and checked where they
are used); the calendar only fills it in. Weeks start on Monday, as in Kazakhstan; month and day
names come from the catalogs, so they follow the interface language, not the PC's locale. Today
and the field's date are marked. Keys: arrows move a day or a week, Page Up / Page Down a month,
Home goes to today, Enter takes the day, Escape closes."""
import calendar as _calendar
import tkinter as tk
from datetime import date, timedelta

import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.domain.inputs import day as typed_day
from app.i18n import t
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.hints import Tooltip

OPEN_MARK = "▼"  # the button's face: a mark, not a word, and in Tcl's range on old Tk builds
WEEKS = 6  # a month spans at most six weeks


def month_name(month: int) -> str:
    return t("ui.calendar.month.{}".format(month))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), kept inside the shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class CalendarDialog(Dialog):
    """The calendar of one date field; picking a day writes it into the field's variable."""

    def __init__(self, entry, var, today=None, on_pick=None):
        super().__init__(entry, t("ui.calendar.title"))
        self.entry = entry
        self.var = var
        self.on_pick = on_pick
        self.today = today or date.today()
        try:
            current = typed_day(var.get().strip(), "date")
        except DomainError:
            current = None  # a half-typed date: start at today, the text stays until a pick
        self.current = current  # the field's date, marked while the selection moves
        self.selected = current or self.today
        head = ttk.Frame(self.body)
        head.pack(fill="x")
        self.prev_button = ttk.Button(head, text="‹", width=3, bootstyle="secondary-outline",
                                      command=lambda: self.move(months=-1), takefocus=False)
        self.prev_button.pack(side="left")
        Tooltip(self.prev_button, t("ui.calendar.prev"))
        self.next_button = ttk.Button(head, text="›", width=3, bootstyle="secondary-outline",
                                      command=lambda: self.move(months=1), takefocus=False)
        self.next_button.pack(side="right")
        Tooltip(self.next_button, t("ui.calendar.next"))
        self.header = ttk.Label(head, text="", anchor="center", font="TkHeadingFont")
        self.header.pack(side="left", fill="x", expand=True)
        grid = ttk.Frame(self.body)
        grid.pack(pady=(8, 0))
        for col in range(7):
            ttk.Label(grid, text=t("ui.calendar.wd.{}".format(col)), anchor="center",
                      bootstyle="danger" if col >= 5 else "secondary").grid(
                row=0, column=col, sticky="ew", padx=1)
        self.day_buttons = []
        for row in range(WEEKS):
            for col in range(7):
                b = ttk.Button(grid, text="", width=3, takefocus=False)
                b.grid(row=row + 1, column=col, padx=1, pady=1)
                self.day_buttons.append(b)
        self.days = [None] * (WEEKS * 7)  # the date shown on each button
        self.add_button("ui.calendar.today", self.pick_today, bootstyle="secondary-outline")
        self.bind("<Left>", lambda e: self.move(days=-1))
        self.bind("<Right>", lambda e: self.move(days=1))
        self.bind("<Up>", lambda e: self.move(days=-7))
        self.bind("<Down>", lambda e: self.move(days=7))
        self.bind("<Prior>", lambda e: self.move(months=-1))
        self.bind("<Next>", lambda e: self.move(months=1))
        self.bind("<Home>", lambda e: self.move_to(self.today))
        self.bind("<Return>", lambda e: self.pick(self.selected))
        self.bind("<KP_Enter>", lambda e: self.pick(self.selected))
        self.show_month()

    def show_month(self):
        first = self.selected.replace(day=1)
        start = first - timedelta(days=first.weekday())  # the Monday of the first week
        self.header.configure(text=t("ui.calendar.header", month=month_name(first.month),
                                     year=first.year))
        for i, b in enumerate(self.day_buttons):
            try:
                d = start + timedelta(days=i)
            except OverflowError:  # the weeks after December 9999
                d = None
            if d is None or d.month != first.month:
                self.days[i] = None
                b.configure(text="", state="disabled", bootstyle="link", command="")
                continue
            self.days[i] = d
            if d == self.selected:
                style = "primary"
            elif d == self.current:
                style = "primary-outline"
            elif d == self.today:
                style = "info-outline"
            elif d.weekday() >= 5:
                style = "danger-link"
            else:
                style = "secondary-link"
            b.configure(text=str(d.day), state="normal", bootstyle=style,
                        command=lambda d=d: self.pick(d))

    def move(self, days=0, months=0):
        try:
            self.move_to(add_months(self.selected, months) + timedelta(days=days))
        except (ValueError, OverflowError):
            pass  # before year 1 or after 9999: stay
        return "break"

    def move_to(self, day):
        self.selected = day
        self.show_month()
        return "break"

    def close(self):
        previous = getattr(self, "_previous_grab", None)
        super().close()
        if previous is not None:  # that dialog is modal again
            try:
                previous.grab_set()
            except tk.TclError:
                pass  # it closed meanwhile

    def pick_today(self):
        self.pick(self.today)

    def pick(self, day):
        self.var.set(day.isoformat())
        self.close()
        try:
            self.entry.focus_set()
            self.entry.icursor("end")
        except tk.TclError:
            return "break"  # the field went away meanwhile
        if self.on_pick is not None:
            self.on_pick()  # a list filtered by the date shows it at once
        return "break"

    def present(self):
        """Under the field (inside the screen), else where a dialog goes."""
        self._previous_grab = self.grab_current()  # a modal dialog the field is in
        super().present()
        try:
            self.update_idletasks()
            x = self.entry.winfo_rootx()
            y = self.entry.winfo_rooty() + self.entry.winfo_height() + 2
            w, h = self.winfo_reqwidth(), self.winfo_reqheight()
            x = max(0, min(x, self.winfo_screenwidth() - w))
            if y + h > self.winfo_screenheight():
                y = max(0, self.entry.winfo_rooty() - h - 2)
            self.geometry("+{}+{}".format(x, y))
        except tk.TclError:
            pass


def calendar_button(entry, var, on_pick=None):
    """The button that opens the calendar of a date field; made beside it in the same parent
    (the caller places it). Not in the Tab order: the keyboard types the date. `on_pick` runs
    after a day is picked."""
    def open_calendar(_event=None):
        CalendarDialog(entry, var, on_pick=on_pick).present()
        return "break"
    b = ttk.Button(entry.master, text=OPEN_MARK, bootstyle="secondary-outline", padding=(6, 0),
                   takefocus=False, command=open_calendar)
    Tooltip(b, t("ui.calendar.open"))
    entry.bind("<Alt-Down>", open_calendar, add="+")
    return b


def date_field(parent, var, width=11, on_pick=None):
    """An entry for a date with its calendar button (`entry.calendar_button`), packed side by
    side in a frame of their own; returns (frame, entry)."""
    box = ttk.Frame(parent)
    entry = ttk.Entry(box, textvariable=var, width=width)
    entry.pack(side="left", fill="x", expand=True)
    entry.calendar_button = calendar_button(entry, var, on_pick)  # disabled with the form
    entry.calendar_button.pack(side="left", padx=(2, 0))
    return box, entry


def period_fields(bar, start="", end="", on_change=None, labels=None, gap=12):
    """"from [date ▼]  to [date ▼]" packed left into a filter bar: the period of a list or of
    the analysis. `on_change` runs when a day is picked, or Enter pressed, in either field.
    Returns (from_var, to_var, from_entry, to_entry)."""
    if labels is None:
        labels = (t("ui.orders.date_from"), t("ui.orders.date_to"))
    found = []
    for text, value, pad in ((labels[0], start, 8), (labels[1], end, gap)):
        ttk.Label(bar, text=text).pack(side="left")
        var = tk.StringVar(value=value)
        box, entry = date_field(bar, var, on_pick=on_change)
        box.pack(side="left", padx=(6, pad))
        Tooltip(entry, t("ui.tip.date"))
        if on_change is not None:
            entry.bind("<Return>", lambda _e: on_change())
        found.append((var, entry))
    (from_var, from_entry), (to_var, to_entry) = found
    return from_var, to_var, from_entry, to_entry
