"""Hints that appear where the pointer rests: a widget's tooltip, and the whole text of a list's
heading or cell that its column cuts off."""
import tkinter as tk
import tkinter.font as tkfont

import ttkbootstrap as ttk

from app.ui.widgets.formatting import data


class Tooltip:
    """A hint shown when the pointer rests on a widget; the text is a translation, or a
    function that gives it when the pointer comes (None or "": no hint this time)."""

    def __init__(self, widget, text):
        self.widget = widget
        self.text = text
        self._after = None
        self._tip = None
        widget.bind("<Enter>", self._schedule, add="+")
        widget.bind("<Leave>", self._hide, add="+")
        widget.bind("<ButtonPress>", self._hide, add="+")
        widget.bind("<Destroy>", self._hide, add="+")
        widget._iprint_tooltip = self

    def _schedule(self, _event=None):
        self._hide()
        self._after = self.widget.after(500, self.show)

    def show(self):
        self._after = None
        if self._tip is not None or not self.widget.winfo_exists():
            return
        text = self.text() if callable(self.text) else self.text
        if not text:
            return
        x = self.widget.winfo_rootx() + 12
        y = self.widget.winfo_rooty() + self.widget.winfo_height() + 4
        self._tip = tip_window(self.widget, x, y, text)

    def _hide(self, _event=None):
        cancel_after(self.widget, self._after, self._tip)
        self._after = self._tip = None


def tip_window(widget, x, y, text, is_data=False):
    """A borderless hint window at screen position (x, y); is_data marks a cell's text."""
    tip = tk.Toplevel(widget)
    tip.wm_overrideredirect(True)
    label = ttk.Label(tip, text=text, bootstyle="inverse-secondary", padding=(8, 4),
                      wraplength=max(300, widget.winfo_screenwidth() // 2), justify="left")
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


def option_names(option):
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
        tree._iprint_hints = self  # a test, or a screen, finds the list's hints
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
        shown = option_names(tree["displaycolumns"])
        if "#all" in shown:
            shown = option_names(tree["columns"])
        left = int(tree.column("#0", "width")) if "tree" in option_names(tree["show"]) else 0
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


def cut_value(widget):
    """The whole text of an entry or a list box that its box shows only part of, else None
    (a Kazakh value, a long catalog name, a customer's name)."""
    try:
        first, last = (float(x) for x in widget.xview())
        text = widget.get()
    except (AttributeError, tk.TclError, TypeError, ValueError):
        return None  # not a one-line input (a text box wraps its words)
    return text if text and (first > 0 or last < 1) else None
