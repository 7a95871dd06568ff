"""A drawing of the imposition: the press sheet, its margins and the items laid out on it;
for labels, a stretch of the ribbon with the labels along it and the cut marks between them."""
import re
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
        if self.last is not None and self.last[0] == "ribbon":
            self.draw_ribbon(*self.last[1:])
        elif self.last is not None:
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

    def draw_ribbon(self, est, ribbon=None):
        """A label job: a stretch of ribbon drawn to scale across the box, the labels along it
        (one across the ribbon), a cut mark above and below each join, the length of one label,
        and the ribbon's metres in the caption (issue 17.10: the box held only one line)."""
        self.last = ("ribbon", est, ribbon)
        self.note = ""
        c = self._colors()
        self.configure(background=c["bg"])
        self.delete("all")
        spec = est.spec
        length = float(spec.label_length_mm)
        width = float(ribbon_width_mm(ribbon) or 30)
        pad = 14
        shown = max(1, min(spec.quantity, int((self.w - 2 * pad) // max(length * 0.5, 1)), 12))
        scale = min((self.w - 2 * pad) / (shown * length), (self.h - 2 * pad - 44) / width)
        run = shown * length * scale
        x0 = (self.w - run) / 2
        y0 = pad + 14 + max(0.0, ((self.h - 2 * pad - 44) - width * scale) / 2)
        y1 = y0 + width * scale
        # the ribbon runs on past the box at both ends
        self.create_rectangle(pad / 2, y0, self.w - pad / 2, y1, fill=c["sheet"], outline=c["fg"],
                              tags=("ribbon",))
        inset = min(2.0, length * scale / 8)
        for i in range(shown):
            xa = x0 + i * length * scale
            self.create_rectangle(xa + inset, y0 + inset, xa + length * scale - inset, y1 - inset,
                                  fill=c["item"], outline="", tags=("label",))
        for i in range(shown + 1):
            x = x0 + i * length * scale
            self.create_line(x, y0 - 7, x, y0 - 1, fill=c["fg"], tags=("cut",))
            self.create_line(x, y1 + 1, x, y1 + 7, fill=c["fg"], tags=("cut",))
        self.create_text(x0, y0 - 10, anchor="w", fill=c["fg"], font="TkSmallCaptionFont",
                         text=t("ui.imposition.label_length", length=_mm(spec.label_length_mm)),
                         tags=("length",))
        self.create_text(self.w / 2, y1 + 18, fill=c["fg"], font="TkSmallCaptionFont",
                         text=t("ui.imposition.ribbon_caption", count=_mm(spec.quantity),
                                metres=_metres(est.metres), width=_mm(width)),
                         width=self.w - 10)

    def texts(self):
        return [self.itemcget(i, "text") for i in self.find_all() if self.type(i) == "text"]


def ribbon_width_mm(ribbon):
    """The ribbon's width: the catalog names it ("Атласная лента 30 мм", code satin-30)."""
    if ribbon is None:
        return None
    for text in (getattr(ribbon, "name", ""), getattr(ribbon, "code", "")):
        found = re.search(r"(\d{2,3})\s*(мм|mm)?\b", str(text))
        if found:
            return int(found.group(1))
    return None


def _mm(value):
    from app.i18n import format_number
    return format_number(value, 0)


def _metres(value):
    from app.i18n import format_number
    return format_number(value or 0, 1)

