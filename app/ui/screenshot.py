"""The self-test's screenshots (IPRINT_SELFTEST_SHOTS=folder): a window as it is on the screen,
and whether each of its framed boxes (ttk Labelframes) has something drawn inside.

The picture is taken from the screen itself (Pillow's ImageGrab: GDI on Windows and under Wine,
XCB on Linux), not from Tk's idea of the window, so a box that Tk laid out but the platform never
painted shows as empty. A box is empty when, below its title, under 1 % of its pixels differ
from its commonest colour (a box with one entry or one line of text has several per cent).
"""
import os
from collections import Counter

FRAME_CLASSES = ("TLabelframe", "Labelframe")
TITLE_PX = 22  # the box's title sits on its top border: not counted as content
MIN_SIDE = 24  # boxes scrolled almost out of sight are not judged
MIN_INK = 0.01


def _frames(win, x0, y0, width, height):
    """(name, box in the window's pixels) of every mapped Labelframe inside win, cut to it."""
    found, todo = [], [win]
    while todo:
        w = todo.pop()
        todo.extend(w.winfo_children())
        if w.winfo_class() not in FRAME_CLASSES or not w.winfo_viewable():
            continue
        left, top = w.winfo_rootx() - x0, w.winfo_rooty() - y0
        box = (max(left, 0), max(top, 0), min(left + w.winfo_width(), width),
               min(top + w.winfo_height(), height))
        if box[2] - box[0] >= MIN_SIDE and box[3] - box[1] >= MIN_SIDE + TITLE_PX:
            found.append((str(w.cget("text")) or str(w), box))
    return found


def ink(image, box):
    """(share of the box's pixels below the title that differ from its commonest colour,
    number of distinct colours there)."""
    left, top, right, bottom = box
    part = image.crop((left + 4, top + TITLE_PX, right - 4, bottom - 4)).convert("RGB")
    counts = Counter(part.getdata())
    total = sum(counts.values())
    if not total:
        return 0.0, 0
    return 1.0 - counts.most_common(1)[0][1] / total, len(counts)


def shoot(win, folder, name):
    """Grab win from the screen into folder/name.png; returns (path, [(box title, ink share,
    colours)]) and the titles of the empty boxes as a third item."""
    from PIL import ImageGrab
    win.update_idletasks()
    win.update()
    x0, y0 = win.winfo_rootx(), win.winfo_rooty()
    width, height = win.winfo_width(), win.winfo_height()
    image = ImageGrab.grab(bbox=(x0, y0, x0 + width, y0 + height), all_screens=True)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".png")
    image.save(path)
    judged, empty = [], []
    for title, box in _frames(win, x0, y0, width, height):
        share, colours = ink(image, box)
        judged.append((title, share, colours))
        if share < MIN_INK or colours < 3:
            empty.append(title)
    if width > 1 and height > 1 and len(image.getcolors(1 << 16) or range(3)) < 3:
        empty.append(name)  # the whole window one or two colours: nothing drawn at all
    return path, judged, empty
