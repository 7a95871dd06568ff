"""A PNG of every screen in each language (kk, ru, en), from a demo database.

    DISPLAY=:99 .venv/bin/python scripts/screenshots.py OUT_FOLDER [--orders 600] [--lang kk]

Runs under the current X display (Xvfb in CI); grabs the app's window with PIL's ImageGrab.
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app import i18n  # noqa: E402


def grab(app, path):
    from PIL import ImageGrab
    root = app.root
    for _ in range(3):
        root.update()
    x, y = root.winfo_rootx(), root.winfo_rooty()
    w, h = root.winfo_width(), root.winfo_height()
    # the menu bar sits above the client area when there is no window manager
    top = max(0, y - _menu_height(root))
    image = ImageGrab.grab(bbox=(x, top, x + w, y + h), xdisplay=os.environ.get("DISPLAY"))
    image.save(path)
    print(path)


def _menu_height(root):
    menu = root.cget("menu")
    if not menu:
        return 0
    try:
        return root.nametowidget(menu).winfo_reqheight()
    except Exception:  # no menu widget: nothing above the client area
        return 0


def grab_dialog(dialog, path):
    from PIL import ImageGrab
    for _ in range(3):
        dialog.update()
    x, y = dialog.winfo_rootx(), dialog.winfo_rooty()
    w, h = dialog.winfo_width(), dialog.winfo_height()
    ImageGrab.grab(bbox=(x, y, x + w, y + h), xdisplay=os.environ.get("DISPLAY")).save(path)
    print(path)


def build_demo(folder, orders):
    from app.services import demo
    from app.storage.db import Database
    path = os.path.join(folder, "demo.sqlite3")
    with Database(path) as db:
        passwords = demo.build(db, orders, seed=7)
    return path, passwords


def shots_for(lang, db_path, passwords, out, blank_db):
    from app.ui.main_window import App
    from app.ui.widgets.common import Dialog
    prefix = os.path.join(out, lang + "-")

    # the first start wizard, on an empty database
    app = App(blank_db, lang=lang, prefs={"theme": "light", "language": lang,
                                          "geometry": "1360x860", "last_user": ""})
    grab(app, prefix + "01-wizard-language.png")
    app.wizard.show(1)
    app.wizard.shop_form.fields["shop.name"].set("ТОО «Баспа Сервис»")
    app.wizard.shop_form.fields["shop.bin"].set("12345")
    app.wizard.next()
    grab(app, prefix + "02-wizard-shop.png")
    app.wizard.show(2)
    grab(app, prefix + "03-wizard-admin.png")
    app.destroy()

    app = App(db_path, lang=lang, prefs={"theme": "light", "language": lang,
                                         "geometry": "1360x860", "last_user": "admin"})
    grab(app, prefix + "04-login.png")
    app.login.password.set(passwords["admin"])
    app.login.submit()
    app.root.update()
    grab(app, prefix + "05-orders.png")
    q = app.new_quote()
    for i, ptype in enumerate(("printing", "blank", "journal", "label")):
        q.set_type(ptype)
        grab(app, prefix + "{:02d}-quote-{}.png".format(6 + i, ptype))
    q.job.fields["quantity"].set("abc")
    q.refresh_now()
    grab(app, prefix + "10-quote-invalid.png")
    q.dirty = False
    app.close_screen(q)
    orders = app.screens["orders"]
    from app.services import orders as order_service
    from app.storage.orders import OrderFilter
    made = order_service.page(app.ctx.session, OrderFilter(statuses=("paid",)), limit=50)
    target = None
    for row in made:
        order = order_service.get(app.ctx.session, row.id)
        if order.actual is not None and order.product_type == "printing":
            target = order
            break
    target = target or order_service.get(app.ctx.session, made[0].id)
    app.open_screen("order", order_id=target.id)
    grab(app, prefix + "11-order.png")
    c = app.open_screen("customers")
    grab(app, prefix + "12-customers.png")
    c.open_card()
    grab(app, prefix + "13-customer-card.png")
    c.edit()
    d = Dialog.open_dialogs[-1]
    d.form.fields["bin"].set("12345")
    d.save()
    grab_dialog(d, prefix + "14-customer-edit.png")
    d.close()
    for i, name in enumerate(("admin_catalog", "admin_settings", "admin_users", "admin_costs",
                              "admin_audit")):
        s = app.open_screen(name)
        if name == "admin_catalog":
            s.notebook.select(1)
        grab(app, prefix + "{:02d}-{}.png".format(15 + i, name.replace("_", "-")))
    app.set_theme("dark")
    app.open_screen("orders")
    grab(app, prefix + "20-orders-dark.png")
    app.new_quote()
    grab(app, prefix + "21-quote-dark.png")
    app.set_theme("light")
    for s in list(app.screens.values()):
        if hasattr(s, "dirty"):
            s.dirty = False
    app.destroy()


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--orders", type=int, default=600)
    p.add_argument("--lang", choices=i18n.LANGUAGES, action="append")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("DISPLAY is not set (start Xvfb :99 and export DISPLAY=:99)", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
        db_path, passwords = build_demo(tmp, args.orders)
        for lang in args.lang or i18n.LANGUAGES:
            blank = os.path.join(tmp, "blank-{}.sqlite3".format(lang))
            shots_for(lang, db_path, passwords, args.out, blank)
    return 0


if __name__ == "__main__":
    sys.exit(main())
