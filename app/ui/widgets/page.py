"""The notebook page that holds one screen.

A screen laid out for a tall window used to be squeezed on a short one: at 1366 × 768 the
settings' Save button, the quote's press comparison and the analysis plots were cut off or
drawn a few pixels high. The page gives the screen the whole page when it fits and otherwise
its full requested height, with a vertical scrollbar (and the mouse wheel, and focus that
scrolls into view) to reach the rest. Nothing changes on a tall enough window.
"""
import tkinter as tk

import ttkbootstrap as ttk

# widgets that use the mouse wheel themselves: the page leaves their wheel alone
OWN_WHEEL = frozenset(("Treeview", "Text", "Listbox", "TSpinbox", "Spinbox", "TCombobox",
                       "Canvas", "TScale", "Scale", "TScrollbar", "Scrollbar"))
WHEEL_STEP = 60  # pixels per wheel notch
MARGIN = 8  # room kept around a field scrolled into view


class ScreenPage(ttk.Frame):
    """Notebook page of one screen; `hold(screen)` once the screen (a child) is built."""

    def __init__(self, notebook):
        super().__init__(notebook)
        self.screen = None
        self.top = 0  # pixels of the screen scrolled above the page
        self.scrolling = False
        self._last = None
        self.bar = ttk.Scrollbar(self, orient="vertical", command=self._bar_moved)
        self.bind("<Configure>", lambda _e: self.fit())

    def hold(self, screen):
        self.screen = screen
        screen.page = self
        self.fit()

    def fit(self, force=False):
        """Lay the screen out for the page's size and the screen's requested height.

        Called on resize and tab change, and polled by the main window: a screen that grows
        (another product type, a message) asks for more height without any event saying so."""
        screen = self.screen
        if screen is None:
            return
        try:
            need = screen.winfo_reqheight()
            width, height = self.winfo_width(), self.winfo_height()
            bar = self.bar.winfo_reqwidth()
        except tk.TclError:  # closing
            return
        state = (need, width, height, self.top)
        if state == self._last and not force:
            return
        self.scrolling = width > 1 and need > height > 1
        if self.scrolling:
            self.top = max(0, min(self.top, need - height))
            # the bar lies over the screen's own right margin: no width is taken from it
            spare = min(bar, _right_padding(screen))
            screen.place(x=0, y=-self.top, relwidth=0, relheight=0, width=width - bar + spare,
                         height=need)  # (place adds rel* and absolute sizes up)
            self.bar.place(x=width - bar, y=0, width=bar, height=height)
            self.bar.lift()
            self.bar.set(self.top / need, (self.top + height) / need)
        else:
            self.top = 0
            screen.place(x=0, y=0, relwidth=1.0, relheight=1.0, width=0, height=0)
            self.bar.place_forget()
        self._last = (need, width, height, self.top)

    def scroll_to(self, top):
        if self.scrolling:
            self.top = int(top)
            self.fit(force=True)

    def _bar_moved(self, *args):
        need = self.screen.winfo_reqheight() if self.screen is not None else 1
        if args and args[0] == "moveto":
            self.scroll_to(float(args[1]) * need)
        elif args and args[0] == "scroll":
            step = self.winfo_height() * 0.9 if args[2].startswith("page") else WHEEL_STEP
            self.scroll_to(self.top + int(args[1]) * step)

    def wheel(self, event):
        """The wheel over the screen (not over a list, text or plot that scrolls itself)."""
        if not self.scrolling or self._own_wheel(event.widget):
            return
        if getattr(event, "num", None) == 4:
            notches = -1
        elif getattr(event, "num", None) == 5:
            notches = 1
        else:
            notches = -1 if event.delta > 0 else 1
        self.scroll_to(self.top + notches * WHEEL_STEP)

    def _own_wheel(self, widget):
        try:
            return widget.winfo_class() in OWN_WHEEL
        except (tk.TclError, AttributeError):
            return True

    def show(self, widget):
        """Scroll so that `widget` (a field that got the focus) is in view."""
        if not self.scrolling or self.screen is None:
            return
        try:
            y = widget.winfo_rooty() - self.screen.winfo_rooty()
            h = widget.winfo_height()
        except tk.TclError:
            return
        height = self.winfo_height()
        if y < self.top:
            self.scroll_to(max(0, y - MARGIN))
        elif y + h > self.top + height:
            self.scroll_to(y + h - height + MARGIN)

    def holds(self, widget):
        """Whether `widget` is part of this page's screen."""
        w = widget
        while w is not None:
            if w is self:
                return True
            w = getattr(w, "master", None)
        return False


def _right_padding(widget):
    """The right padding of a ttk frame in pixels (0 when it cannot be read)."""
    try:
        pad = [int(float(str(v))) for v in widget.cget("padding")]
    except (tk.TclError, ValueError, TypeError):
        return 0
    if not pad:
        return 0
    return pad[2] if len(pad) >= 3 else pad[0]
