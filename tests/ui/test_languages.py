"""Every string a person reads comes from the catalogs, in kk, ru and en alike."""
import json
import os
import re
import tkinter as tk

import pytest

from app import i18n
from app.domain.catalog import PRODUCT_TYPES
from app.domain.estimate import LINE_CODES
from app.domain.records import ROLES, STATUSES
from app.services import orders
from app.storage.orders import OrderFilter
from app.ui.widgets.formatting import DATA_ATTR
from tests.customer_files import with_bad_rows, xlsx
from tests.ui.conftest import last_dialog, login, pump

UI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                  "app", "ui")
KEY_RE = re.compile(r"""["'](ui\.[A-Za-z0-9_.]*[A-Za-z0-9_]"""
                    r"""|(?:field|status|product|line|role|error)\.[a-z0-9_.]*[a-z0-9_])["']""")
# texts that are figures, dates, codes or marks, not words
NOT_WORDS = re.compile(r"^[\d\s\u00a0,.:;%₸×+\-−—–/()#№✓▲▼›‹·]*$")


def ui_sources():
    for folder, _dirs, files in os.walk(UI):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def dynamic_keys():
    from app.services.analysis import GROUPINGS
    from app.ui.screens import admin_catalog, admin_settings, quote, staff, stock
    from app.ui.widgets import breakdown
    keys = set()
    keys |= {"ui.stock.move." + k for k in stock.MOVE_KINDS}
    keys |= {"ui.unit." + u for u in stock.UNITS}
    keys |= {"staff_role." + r for r in staff.ROLES}
    keys |= {"ui.lang." + lang for lang in i18n.LANGUAGES}
    keys |= {"ui.cover." + c for c in quote.COVERS}
    keys |= {"ui.lamination.{}".format(n) for n in range(3)}
    keys |= {"ui.quote.default_name." + p for p in PRODUCT_TYPES}
    keys |= {"product." + p for p in PRODUCT_TYPES}
    keys |= {"status." + s for s in STATUSES}
    keys |= {"line." + c for c in LINE_CODES}
    keys |= {"role." + r for r in ROLES}
    keys |= {"ui.cat.kind." + k for k in admin_catalog.KINDS}
    keys |= {"ui.cat.f." + f for fs in admin_catalog.KINDS.values() for f in fs}
    keys |= {"ui.settings." + k for k in admin_settings.SETTING_KEYS}
    keys |= {"field.shop." + k for k in admin_settings.SHOP_KEYS}
    keys |= {"ui.bd." + k for k in breakdown.TOP_ROWS + breakdown.PRICE_ROWS}
    keys |= {"ui.wizard.step_" + s for s in ("language", "shop", "admin")}
    keys |= {"ui.users.deleted", "ui.users.deactivated"}
    keys |= {"ui.analysis.by." + by for by in GROUPINGS}
    keys |= {"ui.calendar.month.{}".format(m) for m in range(1, 13)}
    keys |= {"ui.calendar.wd.{}".format(d) for d in range(7)}
    keys |= {"analysis.check." + r for r in ("not_positive", "price_far_below_cost",
                                             "actual_missing", "absurd_quantity")}
    return keys


def test_every_key_used_in_the_ui_exists_in_all_three_languages():
    used = set()
    for path in ui_sources():
        with open(path, encoding="utf-8") as fh:
            used |= set(KEY_RE.findall(fh.read()))
    # prefixes completed at run time ("ui.wizard.step_" + step) and file names are not keys
    used = {k for k in used if not k.endswith("_") and not k.endswith(".json")}
    used |= dynamic_keys()
    assert len(used) > 200
    for lang in i18n.LANGUAGES:
        cat = i18n.catalog(lang)
        missing = sorted(k for k in used if k not in cat)
        assert not missing, (lang, missing)


def test_ui_catalogs_have_the_same_keys_and_real_kazakh():
    here = os.path.join(os.path.dirname(UI), "i18n")
    cats = {}
    for lang in i18n.LANGUAGES:
        with open(os.path.join(here, lang + ".ui.json"), encoding="utf-8") as fh:
            cats[lang] = json.load(fh)
    assert set(cats["kk"]) == set(cats["ru"]) == set(cats["en"])
    kazakh = set("әғқңөұүһі")
    assert sum(1 for v in cats["kk"].values() if kazakh & set(v.lower())) > 100
    for key, value in cats["kk"].items():
        params = set(re.findall(r"{(\w+)}", cats["en"][key]))
        assert set(re.findall(r"{(\w+)}", value)) == params, key
        assert set(re.findall(r"{(\w+)}", cats["ru"][key])) == params, key


class Words:
    """The sentences of one language: exact values, capitalised values, and templates."""

    def __init__(self, lang):
        values = set(i18n.catalog(lang).values())
        self.exact = values | {i18n.capitalise(v) for v in values}
        self.templates = []
        for v in values:
            if "{" in v:
                pattern = re.escape(v)
                pattern = re.sub(r"\\{\w+\\}", ".*", pattern)
                pattern = re.sub(r"\{\w+\}", ".*", pattern)
                self.templates.append(re.compile("^" + pattern + "$", re.S | re.I))

    def known(self, text):
        text = text.strip()
        if not text or NOT_WORDS.match(text):
            return True
        for mark in (" ▲", " ▼"):
            if text.endswith(mark):
                text = text[:-len(mark)]
        if text in self.exact:
            return True
        return any(p.match(text) for p in self.templates)


TEXT_CLASSES = ("TLabel", "Label", "TButton", "Button", "TCheckbutton", "Checkbutton",
                "TRadiobutton", "Radiobutton", "TLabelframe", "Labelframe", "TMenubutton")


def texts_of(root):
    """(widget path, text) of everything a person can read in the window tree."""
    out = []

    def walk(w):
        is_data = getattr(w, DATA_ATTR, False)
        if isinstance(w, tk.Menu):
            end = w.index("end")
            for i in range(0 if end is None else end + 1):
                if w.type(i) in ("command", "cascade", "radiobutton", "checkbutton"):
                    out.append((str(w), w.entrycget(i, "label")))
        elif not is_data and w.winfo_class() in TEXT_CLASSES:
            try:
                text = w.cget("text")
                if isinstance(text, str):
                    out.append((str(w), text))
            except tk.TclError:
                pass
        if not is_data and w.winfo_class() == "TCombobox":
            if True:
                for v in w.cget("values") or ():
                    out.append((str(w), str(v)))
        if w.winfo_class() == "Treeview":
            for col in w.cget("columns"):
                out.append((str(w), w.heading(col, "text")))
        if w.winfo_class() == "TNotebook":
            for tab in w.tabs():
                out.append((str(w), w.tab(tab, "text")))
        tip = getattr(w, "_iprint_tooltip", None)
        if tip is not None and not is_data:  # a data widget's hint is its whole value
            # a form field's hint is made when it shows: its name, its rule (and a value its
            # box cuts off), a line each
            text = tip.text() if callable(tip.text) else tip.text
            out.extend((str(w) + "#tip", line) for line in text.split("\n"))
        if hasattr(w, "texts") and callable(w.texts) and w.winfo_class() == "Canvas":
            out.extend((str(w), x) for x in w.texts())
        for child in w.winfo_children():
            walk(child)
    walk(root)
    return out


def test_the_checker_itself_tells_words_from_figures():
    kk = Words("kk")
    assert not kk.known("Orders") and not kk.known("Заказы")
    assert kk.known("Тапсырыстар") and kk.known("1 234,50 ₸") and kk.known("2026-11-05")
    assert kk.known(i18n.t("ui.orders.page", "kk", page=2, pages=30))


def assert_all_translated(app, words, where):
    pump(app)
    assert len(texts_of(app.root)) > 10
    bad = [(path, text) for path, text in texts_of(app.root) if not words.known(text)]
    assert not bad, (where, bad[:10])


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_screen_shows_only_translated_text(make_app, demo_db, tmp_path, lang):
    words = Words(lang)
    fresh = make_app(tmp_path / "fresh.sqlite3", lang=lang)
    for step in range(3):
        fresh.wizard.show(step)
        assert_all_translated(fresh, words, "wizard")
    fresh.wizard.next_button.invoke()  # step 2: shop without a name -> error text
    assert_all_translated(fresh, words, "wizard errors")
    fresh.destroy()  # one Tk root at a time: ttkbootstrap's Style is process-wide
    path, passwords = demo_db
    app = make_app(path, lang=lang)
    assert_all_translated(app, words, "login")
    login(app, "admin", passwords["admin"])
    assert_all_translated(app, words, "orders")
    q = app.new_quote()
    for ptype in PRODUCT_TYPES:
        q.set_type(ptype)
        assert_all_translated(app, words, "quote " + ptype)
    q.job.fields["quantity"].set("x")
    assert_all_translated(app, words, "quote invalid")
    q.dirty = False
    made = orders.page(app.ctx.session, OrderFilter(statuses=("paid",)), limit=200)
    with_actual = [r for r in made if orders.get(app.ctx.session, r.id).actual is not None]
    app.open_screen("order", order_id=with_actual[0].id)
    assert_all_translated(app, words, "order")
    fresh_order = orders.page(app.ctx.session, OrderFilter(statuses=("new",)), limit=1)[0]
    app.open_screen("order", order_id=fresh_order.id)
    assert_all_translated(app, words, "new order")
    c = app.open_screen("customers")
    c.open_card()
    assert_all_translated(app, words, "customers and card")
    c.edit()
    last_dialog().form.fields["bin"].set("1")
    last_dialog().save()
    assert_all_translated(app, words, "customer dialog")
    last_dialog().close()
    c.import_path(xlsx(tmp_path / "bad.xlsx", with_bad_rows(20)))
    assert_all_translated(app, words, "customer import with errors")
    last_dialog().close()
    for name in ("admin_catalog", "admin_settings", "admin_users", "admin_costs", "admin_audit",
                 "stock", "staff", "work_report", "backups", "payments"):
        app.open_screen(name)
        assert_all_translated(app, words, name)
    walk_new_dialogs(app, words, fresh_order.id)
    walk_analysis(app, words)
    app.screens["admin_users"].add()
    assert_all_translated(app, words, "user dialog")
    last_dialog().close()
    app.change_password()
    assert_all_translated(app, words, "password dialog")
    last_dialog().close()
    app.show_shortcuts()
    assert_all_translated(app, words, "shortcuts")
    last_dialog().close()


def walk_new_dialogs(app, words, order_id):
    """Documents, stock, performers, backups: their dialogs and messages."""
    from app.ui.dialogs.documents import DocumentResult
    st = app.screens["stock"]
    st.tabs.select(1)
    st.show_moves()
    assert_all_translated(app, words, "stock moves")
    for opener in (st.receipt, st.stock_take, st.minimum):
        d = opener()
        d.save()  # nothing chosen: the errors are translated too
        assert_all_translated(app, words, "stock dialog")
        d.close()
    app.screens["staff"].add()
    assert_all_translated(app, words, "performer dialog")
    last_dialog().close()
    bk = app.screens["backups"]
    bk.restore(app.db_path)
    assert_all_translated(app, words, "restore confirmation")
    last_dialog().button_by_key["ui.backup.restore"].invoke()
    assert_all_translated(app, words, "restore refused")
    o = app.open_screen("order", order_id=order_id)
    o.make_offer()
    assert_all_translated(app, words, "offer dialog")
    last_dialog().close()
    o.assign()
    assert_all_translated(app, words, "assign dialog")
    last_dialog().close()
    app.report_register()
    assert_all_translated(app, words, "period dialog")
    last_dialog().close()
    d = DocumentResult(app.root, app.ctx, app.db_path)
    assert_all_translated(app, words, "document made")
    d.close()
    app.alert_low_stock()
    assert_all_translated(app, words, "low stock")


def walk_analysis(app, words):
    """The Analysis screen: bad input, the data check, a run with every tab, a cluster's orders."""
    from tests.ui.conftest import wait_for
    s = app.open_screen("analysis")
    s.k_var.set("x")
    s.run()
    assert s.error.cget("text")
    assert_all_translated(app, words, "analysis error")
    s.k_var.set("4")
    s.check()
    wait_for(app, lambda: not s.busy(), 120, "the data check")
    assert_all_translated(app, words, "analysis check")
    s.run()
    wait_for(app, lambda: not s.busy(), 120, "the analysis")
    assert s.result is not None
    for page in (s.clusters_page, s.profit_page, s.variance_page, s.press_page):
        s.tabs.select(page)
        assert_all_translated(app, words, "analysis results")
    s.run()
    s.cancel()
    assert_all_translated(app, words, "analysis cancelled")
    s.open_cluster(1)
    assert_all_translated(app, words, "cluster orders")
    last_dialog().close()


def test_kazakh_letters_render_in_the_ui_font(make_app, db_path):
    import tkinter.font as tkfont
    app = make_app(db_path, lang="kk")
    font = tkfont.nametofont("TkDefaultFont")
    family = font.actual("family")
    assert family in ("DejaVu Sans", "Segoe UI", "Noto Sans", "Liberation Sans", "Arial")
    # every Kazakh letter has a width of its own: not a missing-glyph box
    widths = {ch: font.measure(ch) for ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ"}
    assert all(w > 0 for w in widths.values())
    assert app.login.button.cget("text") == i18n.t("ui.login.button", "kk")


@pytest.mark.parametrize("geometry, narrow", [("1280x800", True), ("1500x900", False)])
def test_kazakh_quote_keeps_the_figures_whole(make_app, db_path, geometry, narrow):
    """Kazakh labels are long: at 1280 px the two form columns give up width so that the
    calculation column (the figures the manager reads out) is never cut; wide windows give the
    spare width to the figures."""
    from tests.ui.conftest import login_admin
    app = make_app(db_path, lang="kk", prefs={"theme": "light", "language": "kk",
                                               "geometry": geometry, "last_user": ""})
    login_admin(app)
    q = app.new_quote()
    right_edge = app.root.winfo_rootx() + app.root.winfo_width()
    for ptype in PRODUCT_TYPES:
        q.set_type(ptype)
        pump(app, 5)
        col = q.col_c
        assert col.winfo_width() >= col.winfo_reqwidth(), ptype
        assert col.winfo_rootx() + col.winfo_width() <= right_edge, ptype
        for key in ("price_net", "price_gross"):
            value = q.breakdown.values[key]
            assert value.winfo_rootx() + value.winfo_width() <= right_edge, (ptype, key)
        if ptype == "journal":  # the widest: a long binding line and six-figure prices
            assert q._narrow is narrow
            for lbl in q.ladder_cells.values():  # three quantities still fit the ladder
                assert lbl.winfo_width() >= lbl.winfo_reqwidth(), lbl.cget("text")
    q.dirty = False
