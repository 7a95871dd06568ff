"""A drawing of the imposition: the press sheet, its margins and the items laid out on it."""
import tkinter as tk

from app.i18n import t


class ImpositionCanvas(tk.Canvas):
    def __init__(self, parent, width=300, height=220):
        super().__init__(parent, width=width, height=height, highlightthickness=0, borderwidth=0)
        self.w = width
        self.h = height
        self.last = None
        self.note = ""  # the text of an empty drawing, kept for a redraw
        self.bind("<Configure>", self._resized)

    def _resized(self, event):
        self.w, self.h = max(event.width, 60), max(event.height, 60)
        if self.last is not None:
            self.draw(*self.last)
        else:
            self.draw_empty(self.note)  # a label's metres must survive the resize

    def _colors(self):
        try:
            colors = self.winfo_toplevel().style.colors
            return {"bg": colors.bg, "fg": colors.fg, "sheet": colors.inputbg,
                    "item": colors.primary, "bleed": colors.info, "margin": colors.secondary,
                    "border": colors.border}
        except (AttributeError, tk.TclError):
            return {"bg": "white", "fg": "black", "sheet": "white", "item": "#2c3e50",
                    "bleed": "#3498db", "margin": "#95a5a6", "border": "#ced4da"}

    def draw_empty(self, text=""):
        self.last = None
        self.note = text
        c = self._colors()
        self.configure(background=c["bg"])
        self.delete("all")
        if text:
            self.create_text(self.w / 2, self.h / 2, text=text, fill=c["margin"],
                             width=self.w - 20, font="TkDefaultFont")

    def draw(self, est, paper, press):
        """est: an Estimate with a layout; paper, press: catalog records (press may be None)."""
        self.last = (est, paper, press)
        c = self._colors()
        self.configure(background=c["bg"])
        self.delete("all")
        lay = est.layout
        if lay is None or paper is None:
            self.draw_empty(t("ui.imposition.none"))
            return
        pw, ph = paper.width_mm, paper.height_mm
        pad = 14
        scale = min((self.w - 2 * pad) / float(pw), (self.h - 2 * pad - 16) / float(ph))
        x0 = (self.w - pw * scale) / 2
        y0 = pad

        def box(x, y, w, h, **kw):
            return self.create_rectangle(x0 + x * scale, y0 + y * scale, x0 + (x + w) * scale,
                                         y0 + (y + h) * scale, **kw)
        box(0, 0, pw, ph, fill=c["sheet"], outline=c["fg"], width=1)
        margin = 0 if lay.full_sheet or press is None else press.margin_mm
        if margin:
            box(margin, margin, pw - 2 * margin, ph - 2 * margin, outline=c["margin"], dash=(3, 3))
        bleed = est.spec.bleed_mm
        for col in range(lay.cols):
            for row in range(lay.rows):
                x = margin + col * lay.cell_w
                y = margin + row * lay.cell_h
                if bleed:
                    box(x, y, lay.cell_w, lay.cell_h, fill=c["bleed"], outline="")
                box(x + bleed, y + bleed, lay.cell_w - 2 * bleed, lay.cell_h - 2 * bleed,
                    fill=c["item"], outline=c["sheet"])
        caption = t("ui.imposition.caption", n=lay.n_up, w=pw, h=ph)
        if lay.turned:
            caption += " · " + t("ui.imposition.turned")
        self.create_text(self.w / 2, y0 + ph * scale + 10, text=caption, fill=c["fg"],
                         font="TkSmallCaptionFont")

    def texts(self):
        return [self.itemcget(i, "text") for i in self.find_all() if self.type(i) == "text"]
