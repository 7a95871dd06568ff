"""The shape of a screen: a frame in a tab of the main window."""
import ttkbootstrap as ttk


class Screen(ttk.Frame):
    """Override what the screen supports; the main window calls these from menus and keys."""

    admin_only = False

    def __init__(self, parent, ctx, **_kwargs):
        super().__init__(parent, padding=12)
        self.ctx = ctx
        self.key = None  # set by the main window
        self._afters = set()
        self.page = None  # the notebook page that holds it (widgets/page.py)

    def later(self, ms, fn):
        """after()/after_idle() that is cancelled when the screen closes.

        A timer left behind a destroyed widget is dangerous in tkinter: its command name
        (id of the callback + its __name__) can be reused by a new callback, which the old
        timer would then call."""
        aid = self.after(ms, fn) if ms else self.after_idle(fn)
        self._afters.add(aid)
        return aid

    def debounce(self, ms, fn):
        """Run fn once typing pauses for ms: each call replaces the one still waiting."""
        pending = getattr(self, "_debounced", None)
        if pending is not None:
            self.after_cancel(pending)
            self._afters.discard(pending)
        self._debounced = self.later(ms, self._run_debounced(fn))

    def _run_debounced(self, fn):
        def run():
            self._debounced = None
            fn()
        return run

    def destroy(self):
        for aid in self._afters:
            try:
                self.after_cancel(aid)
            except Exception:  # already run: nothing to cancel
                pass
        self._afters.clear()
        super().destroy()

    def title(self) -> str:
        return ""

    def on_save(self):
        """Ctrl+S."""

    def on_search(self) -> bool:
        """Ctrl+F: focus this screen's search field; False when it has none."""
        return False

    def on_changed(self, what):
        """Data changed elsewhere ("orders", "customers", "catalog", "users"...)."""

    def on_theme(self):
        """The light/dark theme changed (canvas colours)."""

    def can_close(self, proceed):
        """Call proceed() when the screen may close (ask first if work would be lost)."""
        proceed()
