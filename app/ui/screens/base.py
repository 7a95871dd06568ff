"""The shape of a screen: a frame in a tab of the main window."""
import ttkbootstrap as ttk


class Screen(ttk.Frame):
    """Override what the screen supports; the main window calls these from menus and keys."""

    admin_only = False

    def __init__(self, parent, ctx, **_kwargs):
        super().__init__(parent, padding=12)
        self.ctx = ctx
        self.key = None  # set by the main window

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
