"""The screens' font (app.ui.fonts) measured in a real Tk under Xvfb: the family Tk resolved,
the font file's own characters, borrowed symbols and boxes, the fallback to the bundled font."""
import os
import tkinter as tk
import tkinter.font as tkfont

import pytest

from app.ui import fonts

pytestmark = pytest.mark.gui
UNASSIGNED = "\u0378"  # no font has it: Tk draws the missing-glyph box


@pytest.fixture
def root():
    win = tk.Tk()
    yield win
    win.destroy()


@pytest.fixture
def stix(root):
    """STIXGeneral, shipped inside matplotlib, added for this process: a font that is not a
    system font and lacks the Kazakh letters and ₸."""
    folder = os.path.dirname(fonts.bundled_font_files()[0])
    assert fonts.add_font_files([os.path.join(folder, "STIXGeneral.ttf")])
    return "STIXGeneral"


def test_the_bundled_dejavu_sans_is_found_without_importing_matplotlib(root):
    files = fonts.bundled_font_files()
    assert [os.path.basename(f) for f in files] == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]
    assert all(os.path.getsize(f) > 100000 for f in files)


def test_dejavu_sans_has_every_letter_and_symbol_in_the_font_itself(root):
    cov = fonts.coverage(root, "DejaVu Sans")
    assert cov.actual == "DejaVu Sans" and cov.installed
    assert cov.method == "fontconfig"
    assert (cov.missing, cov.borrowed, cov.boxed) == ("", "", "")
    assert cov.ok


def test_a_family_that_is_not_installed_is_seen_as_the_one_tk_took_instead(root):
    cov = fonts.coverage(root, "No Such Family iPrint")
    assert not cov.installed
    assert cov.actual != "No Such Family iPrint"


def test_a_font_without_the_kazakh_letters_is_caught_and_what_it_lacks_named(root, stix):
    cov = fonts.coverage(root, stix)
    assert cov.installed
    assert "ә" in cov.missing and "₸" in cov.missing and "Ә" in cov.missing
    assert not cov.ok


def test_a_symbol_missing_from_the_font_is_borrowed_or_a_box(root, stix):
    # ₸ is not in STIXGeneral: Tk takes it from DejaVu Sans (another width than STIX's box)
    borrowed = fonts.coverage(root, stix, letters="", symbols="₸")
    assert (borrowed.missing, borrowed.borrowed, borrowed.boxed) == ("", "₸", "")
    assert borrowed.ok
    # a code point no font has is a box, and a box fails
    boxed = fonts.coverage(root, "DejaVu Sans", letters="", symbols="→" + UNASSIGNED)
    assert (boxed.borrowed, boxed.boxed) == ("", UNASSIGNED)
    assert not boxed.ok


def test_choose_passes_over_a_font_without_the_letters_and_adds_the_bundled_one(root, stix):
    choice = fonts.choose(root, candidates=("No Such Family iPrint", stix))
    assert choice.ok and choice.family == "DejaVu Sans"
    assert choice.bundled == fonts.bundled_font_files()[0]
    assert [c.family for c in choice.absent] == ["No Such Family iPrint"]
    assert [c.family for c in choice.rejected] == [stix]
    assert "қ" in choice.rejected[0].missing


def test_choose_takes_the_first_installed_candidate_that_has_everything(root):
    choice = fonts.choose(root)
    assert choice.ok and choice.bundled == ""
    installed = [c for c in fonts.CANDIDATES if fonts.coverage(root, c).installed]
    assert choice.family == installed[0]


def test_setup_fonts_gives_tks_named_fonts_the_chosen_family(root):
    choice = fonts.setup_fonts(root)
    for name in ("TkDefaultFont", "TkHeadingFont", "iPrintTitle"):
        assert tkfont.Font(root=root, name=name, exists=True).actual("family") == choice.family
    title = tkfont.Font(root=root, name="iPrintTitle", exists=True).actual()
    assert (title["size"], title["weight"]) == (16, "bold")  # kept, not collected
    chosen, now = fonts.measured(root)
    assert chosen is choice and now.actual == choice.family and now.ok
