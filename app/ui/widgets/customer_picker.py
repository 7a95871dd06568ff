"""Pick a customer by typing part of the name, BIN or phone; or create one inline.

The matches show under the box while typing (a list that does not take the focus); Enter
takes the first, or the one chosen with Down/Up; Esc hides the list."""
import tkinter as tk

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip


class CustomerPicker(ttk.Frame):
    def __init__(self, parent, ctx, on_pick=None, allow_new=True, width=34):
        super().__init__(parent)
        self.ctx = ctx
        self.on_pick = on_pick
        self.customer = None
        self._found = []
        self.var = tk.StringVar()
        self.combo = data(ttk.Combobox(self, textvariable=self.var, width=width,
                                       postcommand=self._fill))
        self.combo.pack(side="left", fill="x", expand=True)
        self.combo.bind("<<ComboboxSelected>>", self._selected)
        self.combo.bind("<KeyRelease>", self._typed, add="+")
        self.combo.bind("<FocusOut>", self._left, add="+")
        self.combo.bind("<Return>", self._enter)
        self.combo.bind("<KP_Enter>", self._enter)
        self.combo.bind("<Escape>", self._escape)
        self.combo.bind("<Down>", lambda e: self._move(1))
        self.combo.bind("<Up>", lambda e: self._move(-1))
        self._popup = None  # the list of matches under the box
        self._suggest_after = self._hide_after = None
        if allow_new:
            self.new_button = ttk.Button(self, text="+", width=3, bootstyle="secondary-outline",
                                         command=self.new_customer)
            self.new_button.pack(side="left", padx=(4, 0))
            Tooltip(self.new_button, t("ui.tip.new_customer"))

    def _fill(self):
        from app.services import customers
        self._found = customers.search(self.ctx.session, self.var.get(), limit=30)
        self.combo.configure(values=[self._label(c) for c in self._found])

    @staticmethod
    def _label(c):
        return "{} · {}".format(c.name, c.bin) if c.bin else c.name

    def _typed(self, event):
        if event.keysym in ("Return", "KP_Enter", "Tab", "Up", "Down", "Escape") \
                or event.state & 0x4:
            return
        if self.customer is not None and self.var.get() != self._label(self.customer):
            self.customer = None
            if self.on_pick:
                self.on_pick(None)
        if self._suggest_after is not None:
            self.after_cancel(self._suggest_after)
        self._suggest_after = self.after(150, self.suggest)

    # the matches while typing ------------------------------------------------------------------
    def suggest(self):
        """Show the customers matching what is typed under the box."""
        self._suggest_after = None
        if self.customer is not None or not self.var.get().strip() or not self.winfo_viewable():
            self._hide()
            return
        self._fill()
        if not self._found:
            self._hide()
            return
        if self._popup is None:
            self._popup = tk.Toplevel(self)
            self._popup.overrideredirect(True)
            self._popup.transient(self.winfo_toplevel())
            self.matches = data(tk.Listbox(self._popup, height=8, exportselection=False,
                                           activestyle="none", takefocus=0, relief="solid",
                                           borderwidth=1))
            self.matches.pack(fill="both", expand=True)
            self.matches.bind("<ButtonRelease-1>", lambda e: self._take(
                self.matches.nearest(e.y)))
        lb = self.matches
        lb.delete(0, "end")
        for c in self._found[:8]:
            lb.insert("end", self._label(c))
        lb.configure(height=min(8, len(self._found)))
        lb.selection_clear(0, "end")
        lb.selection_set(0)
        self._popup.geometry("{}x{}+{}+{}".format(
            max(self.combo.winfo_width(), 260), lb.winfo_reqheight(), self.combo.winfo_rootx(),
            self.combo.winfo_rooty() + self.combo.winfo_height()))
        self._popup.deiconify()
        self._popup.lift()

    def showing(self) -> bool:
        return self._popup is not None and self._popup.winfo_ismapped()

    def shown_matches(self):
        return list(self.matches.get(0, "end")) if self.showing() else []

    def _hide(self):
        if self._popup is not None:
            try:
                self._popup.withdraw()
            except tk.TclError:
                pass

    def _hide_unless_focused(self):
        self._hide_after = None
        try:
            if self.focus_get() is not self.combo:
                self._hide()
        except (KeyError, tk.TclError):  # gone, or the focus in the box's own list
            self._hide()

    def destroy(self):
        for pending in (self._suggest_after, self._hide_after):
            if pending is not None:
                self.after_cancel(pending)
        super().destroy()

    def _move(self, step):
        if not self.showing():
            return None  # the box's own list (Down opens it)
        lb = self.matches
        sel = lb.curselection()
        i = max(0, min(lb.size() - 1, (sel[0] if sel else 0) + step))
        lb.selection_clear(0, "end")
        lb.selection_set(i)
        lb.see(i)
        return "break"

    def _take(self, index):
        if 0 <= index < min(8, len(self._found)):
            self.set(self._found[index])
        self._hide()

    def _enter(self, event):
        """Enter takes the match chosen (the first unless Down moved), then the next field."""
        if event.state & 0x4:
            return None  # Ctrl+Enter is the window's
        if self._suggest_after is not None:  # typed faster than the list: look now
            self.after_cancel(self._suggest_after)
            self.suggest()
        if self.customer is None and self.showing():
            sel = self.matches.curselection()
            self._take(sel[0] if sel else 0)
        self._hide()
        nxt = self.combo.tk_focusNext()
        if nxt is not None and nxt is getattr(self, "new_button", None):
            nxt = nxt.tk_focusNext()  # Enter goes on to the next field; Tab reaches "+"
        if nxt is not None:
            nxt.focus_set()
            nxt.event_generate("<<TraverseIn>>")
        return "break"

    def _escape(self, _event):
        if self.showing():
            self._hide()
            return "break"
        return None

    def _selected(self, _event=None):
        label = self.var.get()
        for c in self._found:
            if self._label(c) == label:
                self.set(c)
                return

    def _left(self, _event=None):
        """Typing the exact name of one customer is as good as picking it."""
        # a click on the list of matches comes after this: let it land before hiding
        self._hide_after = self.after(200, self._hide_unless_focused)
        if self.customer is not None or not self.var.get().strip():
            return
        self._fill()
        text = self.var.get().strip().lower()
        exact = [c for c in self._found if c.name.lower() == text or self._label(c).lower() == text]
        if len(exact) == 1:
            self.set(exact[0])

    def set(self, customer):
        self.customer = customer
        self.var.set(self._label(customer) if customer else "")
        if self.on_pick:
            self.on_pick(customer)

    def new_customer(self):
        from app.ui.dialogs.customer import CustomerDialog
        CustomerDialog(self, self.ctx, on_saved=self.set, name=self.var.get().strip())
