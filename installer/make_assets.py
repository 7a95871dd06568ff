"""Draw the executable's icon (iPrint.ico) and the splash image (splash.png) with Pillow.

    .venv/bin/python installer/make_assets.py

Both are committed; run this again only to change them. Kept small: the splash is unpacked
before anything else when the one-file executable starts.
"""
import os

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
BLUE = (31, 78, 140)
CYAN, MAGENTA, YELLOW, BLACK = (0, 174, 239), (236, 0, 140), (255, 212, 0), (35, 31, 32)


def font(size, bold=True):
    names = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf") if bold else ("DejaVuSans.ttf",)
    for name in names:
        for folder in ("/usr/share/fonts/truetype/dejavu", os.path.join(
                os.path.dirname(__import__("matplotlib").__file__), "mpl-data", "fonts", "ttf")):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def icon_image(size=256):
    """A rounded blue square with the four process colours as dots and an 'i'."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 6
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=r, fill=BLUE)
    dot = size // 9
    for i, colour in enumerate((CYAN, MAGENTA, YELLOW, BLACK)):
        x = size // 8 + i * (dot + size // 20)
        d.ellipse((x, size - size // 5 - dot // 2, x + dot, size - size // 5 + dot // 2),
                  fill=colour, outline=(255, 255, 255))
    f = font(int(size * 0.62))
    d.text((size // 2, int(size * 0.40)), "i", font=f, fill=(255, 255, 255), anchor="mm")
    return img


def splash_image():
    w, h = 440, 220
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w - 1, h - 1), outline=BLUE, width=3)
    img.paste(icon_image(96), (28, 40), icon_image(96))
    d.text((146, 58), "iPrint", font=font(44), fill=BLUE)
    d.text((148, 112), "Баспахана · Типография · Print shop", font=font(13, bold=False),
           fill=(80, 80, 80))
    for i, colour in enumerate((CYAN, MAGENTA, YELLOW, BLACK)):
        d.rectangle((i * w // 4, h - 10, (i + 1) * w // 4, h - 4), fill=colour)
    return img


def main():
    icon_image().save(os.path.join(HERE, "iPrint.ico"),
                      sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    splash_image().save(os.path.join(HERE, "splash.png"), optimize=True)
    for name in ("iPrint.ico", "splash.png"):
        print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")


if __name__ == "__main__":
    main()
