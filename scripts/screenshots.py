"""A PNG of every screen in each language (kk, ru, en), from a demo database.

    DISPLAY=:99 .venv/bin/python scripts/screenshots.py OUT_FOLDER [--orders 600] [--lang kk]
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py --manual docs/manual/screenshots

Runs under the current X display (Xvfb in CI); grabs the app's window with PIL's ImageGrab.
--manual writes the pictures the manuals name (MANUAL_SHOTS) into <folder>/<lang>/ as the shop
sees them: the main window as it opens on a 1366×768 screen (fitted into the 1366×728 work area
by the app itself), kept at 1366 wide, reduced to a 256-colour palette so that the repository
stays small. Run it on a screen of that size:

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py \
        --manual docs/manual/screenshots
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app import i18n  # noqa: E402

MANUAL_SHOTS = ("first_start", "login", "quote_printing", "quote_blank", "quote_journal",
                "quote_label", "orders", "customers", "actual", "documents", "analysis")
# more than the screen: the app clamps it to the work area (1366×668 and the menu bar), as a
# window opens on the shop's 1366×768 PC
MANUAL_GEOMETRY = "1366x768"
MANUAL_SCREEN = (1366, 768)


class Shots:
    """Where the pictures of one language go: OUT/<lang>-NN-name.png and, with --manual,
    the manual's names in MANUAL/<lang>/."""

    def __init__(self, lang, out=None, manual=None):
        self.lang = lang
        self.out = out
        self.manual = os.path.join(manual, lang) if manual else None
        if self.manual:
            os.makedirs(self.manual, exist_ok=True)

    def save(self, image, name, manual_name=None):
        if self.out:
            path = os.path.join(self.out, "{}-{}.png".format(self.lang, name))
            image.save(path)
            print(path)
        if self.manual and manual_name:
            path = os.path.join(self.manual, manual_name + ".png")
            small(image).save(path, optimize=True)
            print(path, os.path.getsize(path) // 1024, "KB")


def small(image):
    """A 256-colour palette: screens are flat colours and text, so this is near lossless (the
    size is kept: a scaled screen is not what the shop sees)."""
    from PIL import Image
    image = image.convert("RGB")
    return image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def grab(app, shots, name, manual_name=None):
    from PIL import ImageGrab
    root = app.root
    for _ in range(3):
        root.update()
    screen = app.current_screen() if app.notebook is not None else None
    if screen is not None:  # what the app's page poll does within a quarter of a second
        screen.page.fit()
        root.update()
    x, y = root.winfo_rootx(), root.winfo_rooty()
    w, h = root.winfo_width(), root.winfo_height()
    # the menu bar sits above the client area when there is no window manager
    top = max(0, y - _menu_height(root))
    image = ImageGrab.grab(bbox=(x, top, x + w, y + h), xdisplay=os.environ.get("DISPLAY"))
    decorate_dialogs(image, x, top)
    shots.save(image, name, manual_name)


def decorate_dialogs(image, left, top):
    """Xvfb has no window manager: draw the frame and title bar a dialog would have."""
    from PIL import ImageDraw, ImageFont

    from app.ui.widgets.dialog import Dialog
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 13)
    except OSError:
        font = ImageFont.load_default()
    for d in Dialog.open_dialogs:
        if not d.winfo_ismapped():
            continue
        x0, y0 = d.winfo_rootx() - left, d.winfo_rooty() - top
        x1, y1 = x0 + d.winfo_width(), y0 + d.winfo_height()
        bar = 28
        draw.rectangle((x0 - 1, y0 - bar, x1, y0 - 1), fill="#2c3e50")
        draw.text((x0 + 10, y0 - bar + 7), d.title(), fill="white", font=font)
        draw.rectangle((x0 - 1, y0 - bar, x1, y1), outline="#2c3e50", width=2)


def _menu_height(root):
    menu = root.cget("menu")
    if not menu:
        return 0
    try:
        return root.nametowidget(menu).winfo_reqheight()
    except Exception:  # no menu widget: nothing above the client area
        return 0


def grab_dialog(dialog, shots, name):
    from PIL import ImageGrab
    for _ in range(3):
        dialog.update()
    x, y = dialog.winfo_rootx(), dialog.winfo_rooty()
    w, h = dialog.winfo_width(), dialog.winfo_height()
    shots.save(ImageGrab.grab(bbox=(x, y, x + w, y + h), xdisplay=os.environ.get("DISPLAY")),
               name)


def wait_for_document(app, timeout=120):
    """The status bar's notice of where the document went (it is made in the background; a
    notice, not a window, since issue 17.12)."""
    import time

    from app.ui.dialogs.documents import DocumentResult
    before = list(DocumentResult.shown)
    deadline = time.time() + timeout
    while time.time() < deadline:
        app.root.update()
        found = [d for d in DocumentResult.shown if d not in before]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise RuntimeError("the document was not made")


def close_dialogs():
    from app.ui.widgets.dialog import Dialog
    for d in list(Dialog.open_dialogs):
        d.close()


def build_demo(folder, orders):
    from app.services import demo
    from app.storage.opening import open_database
    path = os.path.join(folder, "demo.sqlite3")
    with open_database(path, create=True) as db:
        passwords = demo.build(db, orders, seed=7)
    return path, passwords


def shots_for(lang, db_path, passwords, shots, blank_db, geometry="1360x860"):
    from app.ui.main_window import App
    from app.ui.widgets.dialog import Dialog
    prefs = {"theme": "light", "language": lang, "geometry": geometry, "last_user": ""}

    # the first start wizard, on an empty database
    app = App(blank_db, lang=lang, prefs=dict(prefs))
    grab(app, shots, "01-wizard-language")
    app.wizard.show(1)
    app.wizard.shop_form.fields["shop.name"].set("ТОО «Баспа Сервис»")
    app.wizard.shop_form.fields["shop.address"].set("Алматы, ул. Абая, 10")
    app.wizard.shop_form.fields["shop.phone"].set("+7 727 300 00 00")
    grab(app, shots, "02-wizard-shop-filled", "first_start")
    app.wizard.shop_form.fields["shop.bin"].set("12345")
    app.wizard.next()
    grab(app, shots, "02-wizard-shop")
    app.wizard.show(2)
    grab(app, shots, "03-wizard-admin")
    app.destroy()

    app = App(db_path, lang=lang, prefs=dict(prefs, last_user="admin"))
    grab(app, shots, "04-login", "login")
    app.login.password.set(passwords["admin"])
    app.login.submit()
    app.root.update()
    if Dialog.open_dialogs:  # the demo shop is short of some paper: the notice after login
        grab_dialog(Dialog.open_dialogs[-1], shots, "04-low-stock")
        close_dialogs()
    grab(app, shots, "05-orders", "orders")
    q = app.new_quote()
    for i, ptype in enumerate(("printing", "blank", "journal", "label")):
        q.set_type(ptype)
        grab(app, shots, "{:02d}-quote-{}".format(6 + i, ptype), "quote_" + ptype)
    q.job.fields["quantity"].set("abc")
    q.refresh_now()
    grab(app, shots, "10-quote-invalid")
    q.terms.fields["due_date"].widget.calendar_button.invoke()  # the date field's calendar
    grab(app, shots, "10-quote-calendar")
    close_dialogs()
    q.dirty = False
    app.close_screen(q)
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
    o = app.open_screen("order", order_id=target.id)
    grab(app, shots, "11-order", "actual")
    o.make_invoice()
    wait_for_document(app)
    grab(app, shots, "11-order-documents", "documents")
    close_dialogs()
    o.make_offer()
    grab_dialog(Dialog.open_dialogs[-1], shots, "11-offer-ladder")
    close_dialogs()
    o.assign()
    grab_dialog(Dialog.open_dialogs[-1], shots, "11-assign-performers")
    close_dialogs()
    c = app.open_screen("customers")
    grab(app, shots, "12-customers")
    c.open_card()
    grab(app, shots, "13-customer-card", "customers")
    c.edit()
    d = Dialog.open_dialogs[-1]
    d.form.fields["bin"].set("12345")
    d.save()
    grab_dialog(d, shots, "14-customer-edit")
    d.close()
    for i, name in enumerate(("admin_catalog", "admin_settings", "admin_users", "admin_costs",
                              "admin_audit", "staff", "backups")):
        s = app.open_screen(name)
        if name == "admin_catalog":
            s.notebook.select(1)
        grab(app, shots, "{:02d}-{}".format(15 + i, name.replace("_", "-")))
    st = app.open_screen("stock")
    grab(app, shots, "22-stock")
    st.tabs.select(1)
    grab(app, shots, "23-stock-moves")
    st.tabs.select(2)
    grab(app, shots, "24-stock-to-buy")
    st.tabs.select(0)
    st.receipt()
    grab_dialog(Dialog.open_dialogs[-1], shots, "25-stock-receipt")
    close_dialogs()
    app.open_screen("work_report")
    grab(app, shots, "26-work-report")
    app.report_register()
    grab_dialog(Dialog.open_dialogs[-1], shots, "27-report-period")
    close_dialogs()
    analysis_shots(app, shots)
    app.set_theme("dark")
    app.open_screen("orders")
    grab(app, shots, "30-orders-dark")
    app.new_quote()
    grab(app, shots, "31-quote-dark")
    app.set_theme("light")
    for s in list(app.screens.values()):
        if hasattr(s, "dirty"):
            s.dirty = False
    app.destroy()


def wait_idle(app, screen, timeout=120):
    """Until the screen's background work (data check, run) is done."""
    import time
    deadline = time.time() + timeout
    while screen.busy():
        if time.time() > deadline:
            raise RuntimeError("the analysis did not finish")
        app.root.update()
        time.sleep(0.05)
    for _ in range(3):
        app.root.update()


def analysis_shots(app, shots):
    """The Analysis screen after a data check and a run: clusters with the dendrogram (the
    manual's analysis.png), the scatter, profitability, press load and the check."""
    s = app.open_screen("analysis")
    s.check()
    wait_idle(app, s)
    s.run()
    wait_idle(app, s)
    s.tabs.select(s.clusters_page)
    grab(app, shots, "28-analysis", "analysis")
    s.plots.select(1)
    grab(app, shots, "28-analysis-scatter")
    s.plots.select(0)
    for page, name in ((s.profit_page, "profitability"), (s.variance_page, "variance"),
                       (s.press_page, "press-load"), (s.check_page, "check")):
        s.tabs.select(page)
        grab(app, shots, "28-analysis-" + name)
    s.tabs.select(s.clusters_page)
    s.open_cluster(1)
    grab(app, shots, "28-analysis-cluster-orders")
    close_dialogs()
    app.close_screen(s, ask=False)


def screen_size():
    import tkinter as tk
    root = tk.Tk()
    try:
        return root.winfo_screenwidth(), root.winfo_screenheight()
    finally:
        root.destroy()


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", help="every screen as <lang>-NN-name.png")
    p.add_argument("--manual", help="the manuals' pictures into MANUAL/<lang>/<name>.png")
    p.add_argument("--orders", type=int, default=600)
    p.add_argument("--lang", choices=i18n.LANGUAGES, action="append")
    p.add_argument("--geometry", help="window size, e.g. 1280x800 (default 1360x860; "
                                      "--manual: %s)" % MANUAL_GEOMETRY)
    args = p.parse_args(argv)
    if not args.out and not args.manual:
        p.error("give OUT, --manual FOLDER or both")
    if not os.environ.get("DISPLAY"):
        print("DISPLAY is not set (start Xvfb :99 and export DISPLAY=:99)", file=sys.stderr)
        return 2
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    geometry = args.geometry or (MANUAL_GEOMETRY if args.manual else "1360x860")
    if args.manual and not args.geometry and screen_size() != MANUAL_SCREEN:
        print("--manual wants a {}x{} screen (xvfb-run -s \"-screen 0 {}x{}x24\"), not "
              "{}x{}".format(*(MANUAL_SCREEN + MANUAL_SCREEN + screen_size())), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IPRINT_HOME"] = os.path.join(tmp, "home")
        os.environ["IPRINT_DOCUMENTS"] = os.path.join(tmp, "documents")
        db_path, passwords = build_demo(tmp, args.orders)
        for lang in args.lang or i18n.LANGUAGES:
            blank = os.path.join(tmp, "blank-{}.sqlite3".format(lang))
            shots = Shots(lang, args.out, args.manual)
            shots_for(lang, db_path, passwords, shots, blank, geometry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
