"""A table shows the whole text of a heading or cell its column cuts off when the pointer
rests on it (Kazakh headings are long), driven through real <Motion> events under Xvfb."""
import time

import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.lists import ScrolledTree
from tests.ui.conftest import pump

COLUMNS = (("customer", "ui.analysis.col.customer", 70, "w"),
           ("count", "ui.analysis.col.count", 260, "e"))
LONG_NAME = "ТОО «Алматы Полиграф Сервис Компани»"


def _table(app):
    top = ttk.Toplevel(app.root)
    top.geometry("400x200+0+0")
    table = ScrolledTree(top, COLUMNS, height=4)
    table.pack(fill="both", expand=True)
    # a list keeps its columns as wide as their headings (17.7); a person may still drag one
    # narrower than its heading and its longest name: the hints are for that
    table.tree.column("customer", width=70, minwidth=20)
    table.tree.insert("", "end", iid="a", values=(LONG_NAME, "12"))
    table.tree.insert("", "end", iid="b", values=("Ан", "3"))
    pump(app)
    return top, table


def _points(tree):
    """Window points in the heading and in the rows of both columns."""
    ax, ay, aw, ah = tree.bbox("a", "customer")
    bx, by, bw, bh = tree.bbox("b", "count")
    return {"head_narrow": (ax + 5, ay // 2), "head_wide": (bx + 5, ay // 2),
            "cell_long": (ax + 5, ay + ah // 2), "cell_short": (ax + 5, by + bh // 2),
            "cell_wide": (bx + 5, ay + ah // 2)}


def _rest(app, tree, x, y):
    """Move the pointer to (x, y) and let the hint's delay pass."""
    tree.event_generate("<Motion>", x=x, y=y, rootx=tree.winfo_rootx() + x,
                        rooty=tree.winfo_rooty() + y, when="now")
    end = time.time() + 0.8
    while time.time() < end:
        app.root.update()
        time.sleep(0.02)


def _tip_text(hints):
    if hints._tip is None or not hints._tip.winfo_exists():
        return None
    return hints._tip.winfo_children()[0].cget("text")


def test_cut_heading_and_cell_show_their_whole_text_in_kazakh(make_app, db_path):
    app = make_app(db_path, lang="kk")
    top, table = _table(app)
    tree, hints = table.tree, table.hints
    p = _points(tree)
    heading = t("ui.analysis.col.customer")
    assert hints.text_at(*p["head_narrow"]).lower() == heading.lower()
    assert hints.text_at(*p["head_wide"]) is None  # "тапсырыстар" fits in 260 px
    assert hints.text_at(*p["cell_long"]) == LONG_NAME
    assert hints.text_at(*p["cell_short"]) is None
    assert hints.text_at(*p["cell_wide"]) is None

    _rest(app, tree, *p["head_narrow"])
    assert _tip_text(hints).lower() == heading.lower()
    _rest(app, tree, *p["cell_long"])  # another target: the old hint goes, the new one comes
    assert _tip_text(hints) == LONG_NAME
    assert getattr(hints._tip.winfo_children()[0], "_iprint_data", False)  # a name is data
    _rest(app, tree, *p["cell_short"])
    assert _tip_text(hints) is None
    _rest(app, tree, *p["cell_long"])
    assert _tip_text(hints) == LONG_NAME
    tree.event_generate("<Leave>", when="now")
    pump(app)
    assert _tip_text(hints) is None

    # a window too narrow for the table cuts its last column off: that heading gets a hint
    top.geometry("90x200+0+0")
    pump(app)
    seen = hints.visible_width("count")
    assert seen < int(tree.column("count", "width"))
    count_heading = tree.heading("count", "text")
    assert hints._font(True).measure(count_heading) + hints.PAD > seen  # the scene is set
    x = int(tree.column("customer", "width")) + 10
    assert hints.text_at(x, p["head_wide"][1]) == count_heading

    # a wider window and column show the whole name themselves: no hint
    top.geometry("1000x200+0+0")
    tree.column("customer", width=600)
    pump(app)
    assert int(tree.column("customer", "width")) >= 600
    assert hints.text_at(*_points(tree)["cell_long"]) is None
    top.destroy()
