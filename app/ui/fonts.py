"""The screens' font: one family that really has the letters and symbols the screens show.

Tk asks the system for a family and quietly takes another when it is not there (font.actual()
says which), and a character the taken font lacks is borrowed from some other font, or drawn as
an empty box when no font has it. So the family Tk resolved is checked in the font file itself:
fontconfig's character set on Linux (the font Tk's Xft draws with), GDI's glyph indices on
Windows (GetGlyphIndicesW, also under Wine). Width alone cannot tell: in DejaVu Sans "қ" is
exactly as wide as the missing-glyph box. The width comparison is still how a symbol missing
from the font is told apart as borrowed (some other glyph's width) or boxed (the box's width),
and the only check where neither library is there.

The Kazakh letters and ₸ must be in the font itself (a word of mixed fonts reads badly); the
symbols may be borrowed (Windows takes ▾ and ✓ from Segoe UI Symbol) but never be boxes. When
no installed candidate qualifies, the DejaVu Sans shipped inside matplotlib (for the plots) is
added for this process only: fontconfig's FcConfigAppFontAddFile, Windows' AddFontResourceExW
with FR_PRIVATE. Nothing is installed on the PC.
"""
import ctypes
import importlib.util
import os
import sys
import tkinter as tk
import tkinter.font as tkfont

from app import platform_setup

LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі₸"
SYMBOLS = "→↓▲▼▾✓‹›•−…—№"  # what the screens and catalogs show (arrows, sort marks, …)
NO_GLYPH = "\u0378\u0379\u0380"  # unassigned code points: every font draws its missing-glyph box
CANDIDATES = ("Segoe UI", "DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
BUNDLED_FAMILY = "DejaVu Sans"
BUNDLED_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
MEASURE_SIZE = -64  # pixels: the widths of the box and of a glyph differ clearly at this size


class Coverage:
    """What was measured of one family: the family Tk resolved, how the font file was read, and
    the characters it lacks (letters), borrows from another font or draws as boxes (symbols)."""

    def __init__(self, family, actual, method, missing="", borrowed="", boxed=""):
        self.family, self.actual, self.method = family, actual, method
        self.missing, self.borrowed, self.boxed = missing, borrowed, boxed

    @property
    def ok(self):
        return not self.missing and not self.boxed

    @property
    def installed(self):
        return self.actual.lower() == self.family.lower()


class FontChoice:
    """The family the screens use, its coverage, the candidates passed over (Coverage each:
    `absent` not installed, `rejected` lacking something) and the font file added for this
    process, if one was."""

    def __init__(self, coverage, rejected=(), bundled="", absent=()):
        self.coverage, self.rejected, self.bundled = coverage, tuple(rejected), bundled
        self.absent = tuple(absent)

    @property
    def family(self):
        return self.coverage.family

    @property
    def ok(self):
        return self.coverage.ok


# reading the font file ---------------------------------------------------------------------
class _Fontconfig:
    """The few fontconfig calls needed, through ctypes (Tk's Xft has loaded the library)."""

    def __init__(self):
        for name in ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig.so"):
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError:
                continue
        else:
            raise OSError("fontconfig")
        vp, cp = ctypes.c_void_p, ctypes.c_char_p
        for fn, args, res in (("FcPatternCreate", [], vp),
                              ("FcPatternAddString", [vp, cp, cp], ctypes.c_int),
                              ("FcConfigSubstitute", [vp, vp, ctypes.c_int], ctypes.c_int),
                              ("FcDefaultSubstitute", [vp], None),
                              ("FcFontMatch", [vp, vp, ctypes.POINTER(ctypes.c_int)], vp),
                              ("FcPatternGetString", [vp, cp, ctypes.c_int, ctypes.POINTER(cp)],
                               ctypes.c_int),
                              ("FcPatternGetCharSet", [vp, cp, ctypes.c_int, ctypes.POINTER(vp)],
                               ctypes.c_int),
                              ("FcCharSetHasChar", [vp, ctypes.c_uint32], ctypes.c_int),
                              ("FcPatternDestroy", [vp], None),
                              ("FcConfigAppFontAddFile", [vp, cp], ctypes.c_int)):
            f = getattr(lib, fn)
            f.argtypes, f.restype = args, res
        self.lib = lib

    def lacking(self, family, chars):
        """(the family fontconfig matched, the chars its file lacks)."""
        fc = self.lib
        pattern = fc.FcPatternCreate()
        fc.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
        fc.FcConfigSubstitute(None, pattern, 0)  # FcMatchPattern
        fc.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        match = fc.FcFontMatch(None, pattern, ctypes.byref(result))
        fc.FcPatternDestroy(pattern)
        if not match:
            return family, chars
        try:
            name, charset = ctypes.c_char_p(), ctypes.c_void_p()
            fc.FcPatternGetString(match, b"family", 0, ctypes.byref(name))
            if fc.FcPatternGetCharSet(match, b"charset", 0, ctypes.byref(charset)) != 0:
                return family, chars
            matched = name.value.decode("utf-8") if name.value else family
            return matched, "".join(c for c in chars if not fc.FcCharSetHasChar(charset, ord(c)))
        finally:
            fc.FcPatternDestroy(match)

    def add_file(self, path):
        return bool(self.lib.FcConfigAppFontAddFile(None, path.encode(sys.getfilesystemencoding())))


class _Gdi:
    """GDI's view of a family: the face it selects and its glyph indices (0xFFFF: none)."""

    def __init__(self):
        gdi = ctypes.windll.gdi32
        vp, wp = ctypes.c_void_p, ctypes.c_wchar_p
        for fn, args, res in (("CreateCompatibleDC", [vp], vp), ("DeleteDC", [vp], ctypes.c_int),
                              ("CreateFontW", [ctypes.c_int] * 5 + [ctypes.c_uint32] * 8 + [wp], vp),
                              ("SelectObject", [vp, vp], vp), ("DeleteObject", [vp], ctypes.c_int),
                              ("GetTextFaceW", [vp, ctypes.c_int, wp], ctypes.c_int),
                              ("GetGlyphIndicesW", [vp, wp, ctypes.c_int, vp, ctypes.c_uint32],
                               ctypes.c_uint32),
                              ("AddFontResourceExW", [wp, ctypes.c_uint32, vp], ctypes.c_int)):
            f = getattr(gdi, fn)
            f.argtypes, f.restype = args, res
        self.gdi = gdi

    def lacking(self, family, chars):
        gdi = self.gdi
        dc = gdi.CreateCompatibleDC(None)
        # height -20 px, weight 400, DEFAULT_CHARSET (1): the face is found by name alone
        font = gdi.CreateFontW(-20, 0, 0, 0, 400, 0, 0, 0, 1, 0, 0, 0, 0, family)
        old = gdi.SelectObject(dc, font)
        try:
            face = ctypes.create_unicode_buffer(64)
            gdi.GetTextFaceW(dc, 64, face)
            indices = (ctypes.c_uint16 * len(chars))()
            gdi.GetGlyphIndicesW(dc, chars, len(chars), ctypes.cast(indices, ctypes.c_void_p),
                                 1)  # GGI_MARK_NONEXISTING_GLYPHS
            return face.value or family, "".join(c for c, i in zip(chars, indices) if i == 0xFFFF)
        finally:
            gdi.SelectObject(dc, old)
            gdi.DeleteObject(font)
            gdi.DeleteDC(dc)

    def add_file(self, path):
        return self.gdi.AddFontResourceExW(path, 0x10, None) > 0  # FR_PRIVATE: this process only


_reader = []


def _font_reader():
    """fontconfig or GDI, or None (then widths are all there is)."""
    if not _reader:
        reader = None
        try:
            reader = _Gdi() if sys.platform.startswith("win") else _Fontconfig()
        except (OSError, AttributeError):
            pass
        _reader.append(reader)
    return _reader[0]


def method_name():
    reader = _font_reader()
    if reader is None:
        return "measure()"
    return "GDI GetGlyphIndicesW" if isinstance(reader, _Gdi) else "fontconfig"


# measuring ---------------------------------------------------------------------------------
def coverage(root, family, letters=LETTERS, symbols=SYMBOLS) -> Coverage:
    """Measure `family` as Tk resolves it: which letters and symbols the font lacks, and of the
    symbols it lacks, which Tk borrows from another font and which it draws as boxes."""
    font = tkfont.Font(root=root, family=family, size=MEASURE_SIZE)
    actual = font.actual("family")
    chars = letters + symbols
    box = {font.measure(c) for c in NO_GLYPH}
    reader = _font_reader()
    if reader is not None:
        _matched, absent = reader.lacking(actual, chars)
    else:  # no font library: a glyph as wide as the box is taken for the box
        absent = "".join(c for c in chars if font.measure(c) in box)
    lacking = [c for c in absent if c in symbols]
    borrowed = "".join(c for c in lacking if font.measure(c) not in box)
    return Coverage(family, actual, method_name(),
                    missing="".join(c for c in absent if c in letters), borrowed=borrowed,
                    boxed="".join(c for c in lacking if c not in borrowed))


def bundled_font_files():
    """DejaVu Sans (regular and bold) as shipped in matplotlib's data, found without importing
    matplotlib (slow): from source its package folder, in the executable the unpacked archive."""
    folders = []
    try:
        spec = importlib.util.find_spec("matplotlib")
        folders += list(spec.submodule_search_locations or []) if spec else []
    except (ImportError, ValueError):
        pass
    folders.append(os.path.join(platform_setup.resource_root(), "matplotlib"))
    for folder in folders:
        ttf = os.path.join(folder, "mpl-data", "fonts", "ttf")
        files = [os.path.join(ttf, name) for name in BUNDLED_FILES]
        if all(os.path.isfile(f) for f in files):
            return files
    return []


def add_font_files(files) -> bool:
    """Make the fonts in `files` known to Tk for this process only; True when all were added."""
    reader = _font_reader()
    if reader is None or not files:
        return False
    return all([reader.add_file(f) for f in files])


def choose(root, candidates=CANDIDATES) -> FontChoice:
    """The first installed candidate that passes coverage(); else the bundled DejaVu Sans, added
    for this process; else the best of what was measured (FontChoice.ok is then False)."""
    rejected, absent = [], []
    for family in candidates:
        cov = coverage(root, family)
        if not cov.installed:
            absent.append(cov)
        elif cov.ok:
            return FontChoice(cov, rejected, absent=absent)
        else:
            rejected.append(cov)
    files = bundled_font_files()
    if add_font_files(files):
        cov = coverage(root, BUNDLED_FAMILY)
        if cov.ok:
            return FontChoice(cov, rejected, bundled=files[0], absent=absent)
        rejected.append(cov)
    if rejected:  # the least bad one: fewest letters missing, then fewest boxes
        best = min(rejected, key=lambda c: (len(c.missing), len(c.boxed)))
        return FontChoice(best, [c for c in rejected if c is not best], absent=absent)
    return FontChoice(coverage(root, "TkDefaultFont"), absent=absent)


_chosen = {}


def setup_fonts(root) -> FontChoice:
    """Tk's named fonts to the chosen family (measured once per process)."""
    choice = _chosen.get("choice")
    if choice is None:
        choice = _chosen["choice"] = choose(root)
    family = choice.family
    for name, size, weight in (("TkDefaultFont", 10, "normal"), ("TkTextFont", 10, "normal"),
                               ("TkMenuFont", 10, "normal"), ("TkHeadingFont", 10, "bold"),
                               ("TkCaptionFont", 11, "bold"), ("TkTooltipFont", 9, "normal"),
                               ("TkSmallCaptionFont", 9, "normal"), ("TkIconFont", 10, "normal")):
        try:
            tkfont.nametofont(name).configure(family=family, size=size, weight=weight)
        except tk.TclError:
            pass
    # Tk's own command: a tkfont.Font nobody keeps deletes its named font when collected, and
    # the titles then fell back to the default size
    names = root.tk.splitlist(root.tk.call("font", "names"))
    for name, size in (("iPrintTitle", 16), ("iPrintBig", 13)):
        root.tk.call("font", "configure" if name in names else "create", name, "-family", family,
                     "-size", size, "-weight", "bold")
    return choice


def measured(root):
    """(the FontChoice made at the start, a fresh Coverage of the family TkDefaultFont has now):
    what the self-test reports."""
    family = tkfont.Font(root=root, name="TkDefaultFont", exists=True).actual("family")
    return _chosen.get("choice"), coverage(root, family)
