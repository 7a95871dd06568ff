"""`iPrint --self-test` / `python -m app --self-test`: is this build whole on this PC?

Opens the real main window on a throw-away database in a temporary folder (never the person's
data: IPRINT_HOME and IPRINT_DOCUMENTS point into that folder while the test runs), logs in
through the login form, opens the screens, makes one estimate of each product type through the
services, saves an order and renders its invoice, opens the dialogs and measures every window against
the screen's work area, draws one plot, closes the window. Each check
is printed as it is made ("OK …" or "FAIL …: reason"); exit code 0 when all passed, else 1.

The report is also written to a file, because a windowed Windows executable has no console:
%APPDATA%\\iPrint\\logs\\selftest.txt (the log folder of app.config; IPRINT_SELFTEST_REPORT=path
overrides). Its path is the report's last line.

With IPRINT_SELFTEST_SHOTS=folder every screen and dialog it opens is also taken from the
screen into that folder (app.ui.screenshot) and the check "drawn" fails when a window or one of
its framed boxes is empty there (scripts/windows_build.sh sets it under Wine).
"""
import io
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from decimal import Decimal

from app import __version__, config, i18n, platform_setup
from app.domain.errors import DomainError
from app.i18n import error_text, format_money, t

EXIT_OK, EXIT_FAILED = 0, 1
PASSWORD = "self-test-pass-1"
KAZAKH_SAMPLE = "ӘәҒғҚқҢңӨөҰұҮүҺһІі ₸"
WORK_SCREENS = ("quote", "orders", "customers", "stock", "work_report")
# one job of each product type (the worked examples of docs/costing-model.md)
SPECS = (
    dict(product_type="printing", quantity=1000, width_mm=90, height_mm=50, colours="4+4",
         paper="coated-300-sra3", bleed_mm=2),
    dict(product_type="blank", quantity=2000, width_mm=210, height_mm=297, colours="1+0",
         paper="office-80-a4", numbering=True, pad_sheets=100),
    dict(product_type="journal", quantity=20, sheets_per_journal=100, width_mm=210,
         height_mm=297, colours="1+1", paper="office-80-a4", cover="hard", lacing_sealing=True,
         page_numbering=True),
    dict(product_type="label", quantity=5000, label_length_mm=60, ribbon="satin-30",
         label_colours=1),
)


class CheckFailed(Exception):
    """A check that ran and found something wrong (the message is the translated reason)."""


class Report:
    def __init__(self, path):
        self.path = path
        self.lines = []
        self.failed = False
        self.details = []

    def say(self, text):
        self.lines.append(text)
        try:
            print(text, flush=True)
        except (OSError, ValueError):  # no console at all
            pass

    def ok(self, text):
        self.say("OK    " + text)

    def fail(self, name, reason, detail=""):
        self.failed = True
        self.say("FAIL  " + t("selftest.failed_check", check=name, reason=reason))
        if detail:
            self.details.append(detail)

    def save(self):
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(self.path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(self.lines) + "\n")
                for detail in self.details:
                    fh.write("\n" + detail)
            return True
        except OSError:
            return False


def _reason(exc) -> str:
    if isinstance(exc, DomainError):
        return error_text(exc)
    if isinstance(exc, CheckFailed):
        return str(exc)
    return "{}: {}".format(type(exc).__name__, exc)


class SelfTest:
    def __init__(self, report, lang):
        self.report = report
        self.lang = lang
        self.folder = None
        self.app = None
        self.session = None
        self.saved_order = None
        self.tk_errors = []
        self.passed = set()
        self.shots_folder = os.environ.get("IPRINT_SELFTEST_SHOTS") or None
        self.shots = []  # (name, path, [(box, ink, colours)], [empty boxes])

    # the frame ---------------------------------------------------------------------------
    def check(self, key, fn, needs=()):
        name = t("selftest.check." + key)
        missing = [n for n in needs if n not in self.passed]
        if missing:
            self.report.fail(name, t("selftest.skipped", after=", ".join(
                t("selftest.check." + n) for n in missing)))
            return
        try:
            result = fn()
        except Exception as exc:  # every failure is a line of the report, never a traceback
            self.report.fail(name, _reason(exc), traceback.format_exc())
            return
        self.passed.add(key)
        self.report.ok(name + (": " + result if result else ""))

    def pump(self, until=None, timeout=15.0):
        """Let Tk draw and run its callbacks; with until, until it is true (or a timeout)."""
        end = time.monotonic() + timeout
        while True:
            self.app.root.update()
            if self.tk_errors:
                exc = self.tk_errors[0]
                raise CheckFailed(t("selftest.tk_error", reason=_reason(exc)))
            if until is None or until():
                return
            if time.monotonic() > end:
                raise CheckFailed(t("selftest.timeout"))
            time.sleep(0.02)

    # the checks --------------------------------------------------------------------------
    def platform(self):
        folder = os.environ.get("MPLCONFIGDIR", "")
        if not folder or not os.path.isdir(folder):
            raise CheckFailed(t("selftest.no_mpl_folder", path=folder))
        return folder

    def catalogs(self):
        for lang in i18n.LANGUAGES:
            if t("ui.app.title", lang) == "ui.app.title" or len(i18n.catalog(lang)) < 100:
                raise CheckFailed(t("selftest.catalog_missing", lang=lang))
        return ", ".join(i18n.LANGUAGES)

    def database(self):
        from app.services import auth, shop
        from app.storage.opening import open_database
        path = os.path.join(self.folder, "home", "selftest.sqlite3")
        db = open_database(path, create=True)
        try:
            shop.save_requisites_unchecked(db, {"name": "ТОО «Өзін-өзі тексеру»",
                                                "bin": "123456789013", "address": "Алматы"})
            auth.create_first_admin(db, "selftest", PASSWORD, "Өзін-өзі тексеру")
        finally:
            db.close()
        self.db_path = path
        return path

    def window(self):
        from app.ui.main_window import App
        prefs = {"theme": "light", "language": self.lang, "geometry": "1280x800",
                 "last_user": ""}
        self.app = App(self.db_path, lang=self.lang, prefs=prefs)
        self.app.root.report_callback_exception = (
            lambda exc_type, exc, tb: self.tk_errors.append(exc))
        self.pump(lambda: self.app.root.winfo_ismapped())
        platform_setup.close_splash()
        if self.app.login is None:
            raise CheckFailed(t("selftest.no_login"))
        return None

    def font(self):
        """What Tk really draws with (app.ui.fonts measures the font file, not the name asked
        for): the Kazakh letters and ₸ in the font itself, the screens' symbols never boxes."""
        from app.ui import fonts
        choice, cov = fonts.measured(self.app.root)
        spaced = " ".join
        if not cov.ok:
            reasons = []
            if cov.missing:
                reasons.append(t("selftest.font_lacks", family=cov.family, actual=cov.actual,
                                 method=cov.method, chars=spaced(cov.missing)))
            if cov.boxed:
                reasons.append(t("selftest.font_boxes", chars=spaced(cov.boxed)))
            raise CheckFailed("; ".join(reasons))
        chars = [c for c in fonts.LETTERS + fonts.SYMBOLS if c not in cov.borrowed]
        said = [t("selftest.font_measured", family=cov.family, actual=cov.actual,
                  method=cov.method, chars="".join(chars))]
        if cov.borrowed:
            said.append(t("selftest.font_borrowed", chars=spaced(cov.borrowed)))
        if choice is not None:
            said += [t("selftest.font_not_installed", family=c.family, actual=c.actual)
                     for c in choice.absent]
            said += [t("selftest.font_passed_over", family=c.actual, chars=spaced(c.missing + c.boxed))
                     for c in choice.rejected]
            if choice.bundled:
                said.append(t("selftest.font_bundled", path=choice.bundled))
        return "; ".join(said)

    def login(self):
        form = self.app.login
        form.username.set("selftest")
        form.password.set(PASSWORD)
        form.button.invoke()
        self.pump(lambda: self.app.notebook is not None and self.app.screens)
        self.session = self.app.ctx.session
        if self.session is None or "orders" not in self.app.screens:
            raise CheckFailed(t("selftest.no_main"))
        return None

    def screens(self):
        """Every screen of the menus (the executable must have packed each one: they are
        imported by name when first opened)."""
        import importlib.util

        from app.ui import main_window
        names = [n for n in WORK_SCREENS
                 if importlib.util.find_spec("app.ui.screens." + n) is not None]
        names += [n for n, _key in main_window.ADMIN_SCREENS]
        for name in names:
            if self.app.open_screen(name) is None:
                raise CheckFailed(t("selftest.screen_failed", screen=name))
            self.pump()
            self.shoot(self.app.root, "screen-" + name)
        return str(len(self.app.screens))

    def shoot(self, win, name):
        if self.shots_folder:
            from app.ui import screenshot
            self.pump()
            self.shots.append((name,) + screenshot.shoot(win, self.shots_folder, name))

    def drawn(self):
        """Every window taken from the screen had something in each of its framed boxes."""
        empty = ["{} ({})".format(name, ", ".join(boxes)) for name, _p, _j, boxes in self.shots
                 if boxes]
        if empty:
            raise CheckFailed(t("selftest.drawn_empty", windows="; ".join(empty)))
        if not self.shots:
            raise CheckFailed(t("selftest.drawn_none"))
        return t("selftest.drawn_ok", windows=len(self.shots),
                 boxes=sum(len(j) for _n, _p, j, _e in self.shots), folder=self.shots_folder)

    def estimates(self):
        from app.services import orders
        shown = []
        for spec in SPECS:
            est = orders.quote(self.session, dict(spec))
            if not est.price_gross > Decimal(0):
                raise CheckFailed(t("selftest.zero_price", product=t("product." + spec["product_type"])))
            shown.append("{} {}".format(t("product." + spec["product_type"]),
                                        format_money(est.price_gross)))
        return "; ".join(shown)

    def order(self):
        from app.services import customers, orders
        customer = customers.save(self.session, {"name": "ТОО «Алтын Дән»",
                                                 "bin": "123456789013"})
        self.saved_order = orders.create(self.session, dict(SPECS[0]), customer.id, status="approved")
        return self.saved_order.number

    def document(self):
        from app.services import order_documents
        result = order_documents.invoice(self.session, self.saved_order.id, lang=self.lang,
                                         folder=os.path.join(self.folder, "documents"))
        with zipfile.ZipFile(str(result.path)) as z:
            body = z.read("word/document.xml").decode("utf-8")
        if result.number not in body:
            raise CheckFailed(t("selftest.document_empty", path=str(result.path)))
        return "{} ({} KB)".format(os.path.basename(str(result.path)),
                                   os.path.getsize(str(result.path)) // 1024)

    def dialogs(self):
        """What opens a dialog, by the screens' own buttons where there is one."""
        from app.ui.dialogs.documents import OfferDialog, reports_order_register
        from app.ui.dialogs.performers import AssignDialog
        from app.ui.screens.admin_users import ResetDialog
        app, screens, ctx = self.app, self.app.screens, self.app.ctx
        order = self.saved_order
        return (
            screens["customers"].new, screens["admin_users"].add,
            lambda: ResetDialog(screens["admin_users"], ctx, self.session.user),
            screens["staff"].add, screens["stock"].receipt, screens["stock"].stock_take,
            screens["stock"].minimum, app.change_password, lambda: reports_order_register(ctx),
            lambda: OfferDialog(app.root, ctx, order, self.lang),
            lambda: AssignDialog(app.root, ctx, order, []))

    def windows(self):
        """The main window and every dialog the self-test opens lie inside the screen's work
        area (the screen less the taskbar), as measured on this display."""
        from app.ui import prefs
        from app.ui.widgets.dialog import Dialog
        root = self.app.root
        ax, ay, aw, ah = prefs.work_area(root)
        seen, outside = [], []

        def measure(win, name):
            win.update_idletasks()
            x, y, w, h = win.winfo_rootx(), win.winfo_rooty(), win.winfo_width(), win.winfo_height()
            text = "{} {}×{}+{}+{}".format(name, w, h, x, y)
            seen.append(text)
            if x < ax or y < ay or x + w > ax + aw or y + h > ay + ah:
                outside.append(text)
        self.app.open_screen("quote")
        self.pump()
        measure(root, t("ui.app.title"))
        for opener in self.dialogs():
            before = list(Dialog.open_dialogs)
            opener()
            self.pump(lambda before=before: len(Dialog.open_dialogs) > len(before))
            self.pump()
            dialog = [d for d in Dialog.open_dialogs if d not in before][-1]
            measure(dialog, dialog.title())
            self.shoot(dialog, "dialog-{:02d}".format(len(seen)))
            dialog.close()
            self.pump()
        area = "{}×{}".format(aw, ah)
        if outside:
            raise CheckFailed(t("selftest.outside_screen", area=area, windows="; ".join(outside)))
        return "{}: {}".format(area, "; ".join(seen))

    def plot(self):
        import numpy as np

        from app.analysis.plots import dendrogram_figure
        z = np.array([[0, 1, 0.5, 2], [2, 3, 0.7, 2], [4, 5, 1.5, 4]], dtype=float)
        fig = dendrogram_figure(z, labels=np.array([1, 1, 2, 2]), cut_height=1.0,
                                leaf_names=["Ә", "Ғ", "Қ", "Ң"], figsize=(4, 3))
        fig.suptitle(KAZAKH_SAMPLE)
        buf = io.BytesIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(buf, format="png")
        missing = [str(w.message) for w in caught if "Glyph" in str(w.message)]
        if missing:
            raise CheckFailed(t("selftest.missing_glyphs", detail=missing[0]))
        png = buf.getvalue()
        if not png.startswith(b"\x89PNG") or len(png) < 2000:
            raise CheckFailed(t("selftest.plot_empty"))
        from matplotlib import font_manager
        used = os.path.basename(font_manager.findfont(
            font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False))
        return "{} KB, {}".format(len(png) // 1024, used)

    def manuals(self):
        from app.reports import manuals
        root = manuals.default_sources()
        found = [kind for kind in manuals.KINDS if manuals.source_files(root, kind, self.lang)]
        if len(found) != len(manuals.KINDS):
            raise CheckFailed(t("selftest.no_manual", path=str(root)))
        return str(root)

    def sealed(self):
        """The shop server's password is kept for this PC user only (DPAPI on Windows)."""
        from app import server_settings
        secret = "iPrint-selftest-пароль"
        blob = server_settings._protect(secret.encode("utf-8"))
        if server_settings._unprotect(blob).decode("utf-8") != secret:
            raise CheckFailed(t("selftest.seal_broken"))
        if sys.platform.startswith("win") and (not blob.startswith(b"dpapi:")
                                                or secret.encode("utf-8") in blob):
            raise CheckFailed(t("selftest.seal_broken"))
        return "DPAPI" if blob.startswith(b"dpapi:") else t("selftest.seal_file")

    def close(self):
        app, self.app = self.app, None
        app.destroy()
        if not app.closed:
            raise CheckFailed(t("selftest.not_closed"))
        return None

    # the run -----------------------------------------------------------------------------
    def run(self):
        self.check("platform", self.platform)
        self.check("catalogs", self.catalogs)
        self.check("database", self.database)
        self.check("window", self.window, needs=("database",))
        self.check("font", self.font, needs=("window",))
        self.check("login", self.login, needs=("window",))
        self.check("screens", self.screens, needs=("login",))
        self.check("estimates", self.estimates, needs=("login",))
        self.check("order", self.order, needs=("login",))
        self.check("document", self.document, needs=("order",))
        self.check("windows", self.windows, needs=("screens", "order"))
        if self.shots_folder:
            self.check("drawn", self.drawn, needs=("screens", "windows"))
        self.check("plot", self.plot)
        self.check("manuals", self.manuals)
        self.check("sealed", self.sealed)
        if self.app is not None:
            self.check("close", self.close)


def _report_path() -> str:
    return os.environ.get("IPRINT_SELFTEST_REPORT") or os.path.join(str(config.log_dir()),
                                                                     "selftest.txt")


def run(args=None) -> int:
    """The self-test; returns the exit code (0 all checks passed, 1 any failed)."""
    platform_setup.setup()
    lang = getattr(args, "lang", None) or os.environ.get("IPRINT_LANG") or i18n.language()
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)
    report = Report(_report_path())  # in the person's log folder: found after the run
    report.say(t("selftest.title", version=__version__))
    report.say("      Python {} {} ({}), {}".format(
        platform.python_version(), platform.architecture()[0], sys.platform,
        t("selftest.frozen") if platform_setup.frozen() else t("selftest.from_source")))
    saved = {k: os.environ.get(k) for k in ("IPRINT_HOME", "IPRINT_DOCUMENTS")}
    folder = tempfile.mkdtemp(prefix="iprint-selftest-")
    os.environ["IPRINT_HOME"] = os.path.join(folder, "home")
    os.environ["IPRINT_DOCUMENTS"] = os.path.join(folder, "documents")
    test = SelfTest(report, i18n.language())
    test.folder = folder
    started = time.perf_counter()
    try:
        test.run()
    except BaseException as exc:  # even Ctrl+C or an import error: said, not a traceback
        report.fail(t("selftest.title", version=__version__), _reason(exc),
                    traceback.format_exc())
    finally:
        if test.app is not None:
            try:
                test.app.destroy()
            except Exception:  # the window is half gone already; the report says why
                pass
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)
    seconds = "{:.1f}".format(time.perf_counter() - started)
    if report.failed:
        report.say(t("selftest.result_failed", seconds=seconds))
    else:
        report.say(t("selftest.result_ok", seconds=seconds))
    report.say(t("selftest.report_at", path=report.path))
    if not report.save():
        report.say(t("selftest.report_not_saved", path=report.path))
    return EXIT_FAILED if report.failed else EXIT_OK
