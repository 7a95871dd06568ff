"""A matplotlib Figure in a screen: the canvas, the navigation tool bar (zoom, pan, back and
forward, save) with translated hints, and a plain "Save PNG…" button.

The figures are built without pyplot (app.analysis.plots), often in a worker thread; only
here, on the Tk thread, do they get a TkAgg canvas.
"""
import os
import tkinter as tk

import ttkbootstrap as ttk
from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg, NavigationToolbar2Tk

from app.domain.errors import DomainError
from app.i18n import error_text, t
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip

# (matplotlib's name of the tool, our hint, its icon, its method); Subplots is left out
TOOLS = (("Home", "ui.plot.home", "home", "home"),
         ("Back", "ui.plot.back", "back", "back"),
         ("Forward", "ui.plot.forward", "forward", "forward"),
         (None, None, None, None),
         ("Pan", "ui.plot.pan", "move", "pan"),
         ("Zoom", "ui.plot.zoom", "zoom_to_rect", "zoom"),
         (None, None, None, None),
         ("Save", "ui.plot.save", "filesave", "save_figure"))


class Toolbar(NavigationToolbar2Tk):
    """matplotlib's tool bar with our hints; its Save asks through our dialog."""

    toolitems = tuple((name, None, icon, method) for name, _key, icon, method in TOOLS)

    def __init__(self, canvas, window, panel):
        self.panel = panel
        super().__init__(canvas, window, pack_toolbar=False)
        hints = {name: key for name, key, _i, _m in TOOLS if name}
        for name, button in self._buttons.items():
            data(button)  # matplotlib's own names of the tools, shown as icons only
            Tooltip(button, t(hints[name]))
        for child in self.winfo_children():
            if isinstance(child, tk.Label):
                data(child)  # the pointer's coordinates

    def save_figure(self, *args):
        self.panel.save_png()


PLOT_MIN_WIDTH = 480
PLOT_MIN_HEIGHT = 300


class PlotPanel(ttk.Frame):
    """An empty frame until a Figure is shown; save_png(path) writes it as PNG."""

    def __init__(self, parent, name="plot"):
        super().__init__(parent)
        self.name = name
        self.figure = None
        self.canvas = None
        self.toolbar = None
        bar = ttk.Frame(self)
        bar.pack(side="bottom", fill="x")
        self.bar = bar
        self.save_button = ttk.Button(bar, text=t("ui.plot.save_png"), command=self.save_png,
                                      bootstyle="secondary-outline", state="disabled")
        self.save_button.pack(side="right", pady=(4, 0))
        self.note = data(ttk.Label(bar, text="", bootstyle="secondary"))
        self.note.pack(side="right", padx=8)
        self.holder = ttk.Frame(self)
        self.holder.pack(side="top", fill="both", expand=True)

    def show(self, figure):
        self.clear()
        self.figure = figure
        try:  # the canvas follows the window's size: lay the axes out again at each draw
            figure.set_layout_engine("tight")
        except (AttributeError, ValueError):
            pass
        self.canvas = FigureCanvasTkAgg(figure, master=self.holder)
        self.toolbar = Toolbar(self.canvas, self.bar, self)
        self.toolbar.pack(side="left", fill="x")
        # asks for a readable plot, not for the figure's own size: on a short window the page
        # scrolls to it (widgets/page.py), on a tall one it grows with the window
        self.canvas.get_tk_widget().configure(width=PLOT_MIN_WIDTH, height=PLOT_MIN_HEIGHT)
        self.canvas.get_tk_widget().pack(fill="both", expand=True)
        self.canvas.draw_idle()
        self.save_button.configure(state="normal")

    def clear(self):
        if self.toolbar is not None:
            self.toolbar.destroy()
        if self.canvas is not None:
            self.canvas.get_tk_widget().destroy()
        self.figure = self.canvas = self.toolbar = None
        self.note.configure(text="")
        self.save_button.configure(state="disabled")

    def save_png(self, path=None):
        """Ask where (unless a path is given) and save the figure at 150 dpi."""
        if self.figure is None:
            return None
        if path is None:
            from tkinter import filedialog

            from app import config
            folder = config.documents_dir()
            path = filedialog.asksaveasfilename(
                parent=self, title=t("ui.plot.save_png"), defaultextension=".png",
                initialdir=str(folder) if os.path.isdir(str(folder)) else None,
                initialfile=self.name + ".png",
                filetypes=[(t("ui.plot.png_files"), "*.png")])
            if not path:
                return None
        try:
            self.figure.savefig(str(path), format="png", dpi=150, facecolor="white")
        except OSError as exc:
            self.note.configure(text=error_text(DomainError(
                "error.document.cannot_save", "path", path=str(path),
                reason=exc.strerror or "")))
            return None
        self.note.configure(text=t("ui.plot.saved", path=str(path)))
        return path
