"""The self-test's screenshots (app/ui/screenshot.py): a window taken from the real screen (Xvfb
here, GDI under Wine) and its framed boxes judged empty or drawn."""
import tkinter as tk

import pytest
import ttkbootstrap as ttk
from PIL import Image, ImageDraw
from ttkbootstrap.style import Style

from app.ui import screenshot

pytestmark = pytest.mark.gui


def test_ink_tells_an_empty_box_from_one_with_a_line_of_text():
    img = Image.new("RGB", (300, 200), (240, 240, 240))
    empty = (10, 10, 140, 190)
    drawn = (150, 10, 290, 190)
    draw = ImageDraw.Draw(img)
    draw.rectangle(empty, outline=(160, 160, 160))  # a border and a title, nothing inside
    draw.text((16, 12), "Title", fill=(0, 0, 0))
    draw.rectangle((160, 50, 280, 70), fill=(255, 255, 255), outline=(120, 120, 120))  # an entry
    draw.text((164, 54), "5000", fill=(0, 0, 0))
    share, colours = screenshot.ink(img, empty)
    assert share == 0.0 and colours == 1
    share, colours = screenshot.ink(img, drawn)
    assert share > screenshot.MIN_INK and colours >= 3


def test_shoot_takes_the_window_from_the_screen_and_names_the_empty_box(x_display, tmp_path):
    root = tk.Tk(screenName=x_display)
    try:
        ttk.Style("flatly")
        root.geometry("600x300+40+40")
        full = ttk.Labelframe(root, text="Rates", padding=12)
        full.pack(side="left", fill="both", expand=True, padx=8, pady=8)
        ttk.Label(full, text="Designer, ₸/h").pack(anchor="w")
        ttk.Entry(full).pack(fill="x")
        hollow = ttk.Labelframe(root, text="Shop", padding=12)
        hollow.pack(side="left", fill="both", expand=True, padx=8, pady=8)
        root.update()
        path, judged, empty = screenshot.shoot(root, str(tmp_path / "shots"), "two-boxes")
        assert empty == ["Shop"], judged
        assert sorted(title for title, _share, _colours in judged) == ["Rates", "Shop"]
        with Image.open(path) as img:
            assert img.size == (root.winfo_width(), root.winfo_height())
        # the box filled later is drawn the next time
        ttk.Label(hollow, text="ТОО «Алтын Дән», Алматы").pack(anchor="w")
        ttk.Entry(hollow).pack(fill="x")
        root.update()
        _path, _judged, empty = screenshot.shoot(root, str(tmp_path / "shots"), "again")
        assert empty == []
    finally:
        root.destroy()
        # ttkbootstrap's Style is a class-level singleton bound to this interpreter: forget it,
        # as App.destroy does, or the next test's window builds on a dead one (a segfault)
        from ttkbootstrap.publisher import Publisher
        Style.instance = None
        Publisher.clear_subscribers()
