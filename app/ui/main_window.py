"""The desktop app: first-start wizard or login, then the main window with its tabs.

`run(db_path, args)` is what `python -m app` calls. Imports stay light until the login window
is shown: screens are imported when first opened.
"""
import importlib
import os
import sys
import tkinter as tk

import ttkbootstrap as ttk

from app import i18n, logs, platform_setup
from app.domain.errors import DomainError, SessionEnded
from app.i18n import error_text, t
from app.ui import prefs as prefs_mod
from app.ui.context import AppContext
from app.ui.fonts import setup_fonts
from app.ui.watches import IdleWatch, OthersWatch
from app.ui.widgets.dialog import Dialog, message
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip, cancel_after
from app.ui.widgets.page import ScreenPage

SHORTCUTS = (("Ctrl+N", "ui.menu.new_quote"), ("Ctrl+F", "ui.menu.search"),
             ("Ctrl+S", "ui.menu.save"), ("Ctrl+Enter", "ui.quote.save_order"),
             ("Ctrl+1…4", "ui.shortcut.quote_type"),
             ("Ctrl+W", "ui.menu.close_tab"),
             ("Esc", "ui.menu.close_tab"), ("Enter / Tab", "ui.shortcut.next_field"))

ADMIN_SCREENS = (("admin_catalog", "ui.menu.catalog"), ("admin_settings", "ui.menu.settings"),
                 ("admin_closing", "ui.closing_settings.title"),
                 ("admin_users", "ui.menu.users"), ("staff", "ui.menu.staff"),
                 ("admin_costs", "ui.menu.indirect"), ("backups", "ui.menu.backups"),
                 ("admin_move", "ui.menu.move"), ("admin_audit", "ui.menu.audit"))
PAGE_POLL_MS = 250  # how often the open screen's height is checked against the window's
LOW_STOCK_LINES = 10


class App:
    """One root window; its content is the wizard, the login or the main work area."""

    def __init__(self, db_path, lang=None, prefs=None):
        self.db_path = str(db_path)
        self.prefs = prefs if prefs is not None else prefs_mod.load()
        self.chosen_language = lang or self.prefs.get("language") or None
        lang = self.chosen_language or i18n.language()
        if lang in i18n.LANGUAGES:
            i18n.set_language(lang)
        self.root = ttk.Window(themename=prefs_mod.THEMES[self.prefs["theme"]],
                               title=t("ui.app.title"), minsize=prefs_mod.MIN_SIZE)
        self.root.report_callback_exception = self._on_tk_error
        self.root.protocol("WM_DELETE_WINDOW", self.quit)
        self.font_choice = setup_fonts(self.root)  # measured: app.ui.fonts
        self.root.geometry(self._geometry())
        if sys.platform.startswith("win"):
            try:
                self.root.state("zoomed")  # the shop's PC: the whole work area, taskbar spared
            except tk.TclError:
                pass
        self.db = None
        self.ctx = AppContext(self)
        self.content = None
        self.screens = {}  # key -> Screen
        self.notebook = None
        self.menubar = None
        self.wizard = None
        self.login = None
        self.broken = None
        self.closed = False
        self._page_poll = None  # the pending check of the open screen's height
        self.idle = IdleWatch(self)
        self.others = OthersWatch(self)  # what other seats change reaches the open screens
        self._bind_keys()
        if self.open_database():
            self.start()

    # the database: checked before anything works on it --------------------------------------
    def open_database(self) -> bool:
        """A sound file is migrated and backed up for the day; a damaged one is left untouched
        and the start screen says so, offering its latest sound backup."""
        from app.services import startup
        db, problems, latest = startup.open_checked(self.db_path)
        if db is None:
            self.show_broken(problems, latest)
            return False
        self.db = db
        return True

    def show_broken(self, problems, latest):
        from app.services import startup
        self.root.config(menu="")
        frame = ttk.Frame(self.root, padding=40)
        card = ttk.Frame(frame)
        card.place(relx=0.5, rely=0.4, anchor="center")
        on_server = startup.on_server(self.db_path)
        ttk.Label(card, text=t("ui.server.title" if on_server else "ui.broken.title"),
                  font="iPrintTitle", bootstyle="danger").pack(anchor="w")
        ttk.Label(card, text=t("ui.server.explain" if on_server else "ui.broken.explain"),
                  wraplength=620, justify="left").pack(anchor="w", pady=(10, 0))
        data(ttk.Label(card, text=startup.describe(problems), wraplength=620, justify="left",
                       bootstyle="secondary")).pack(anchor="w", pady=(8, 0))
        self.broken_message = data(ttk.Label(card, text="", wraplength=620, justify="left",
                                             bootstyle="danger"))
        buttons = ttk.Frame(card)
        if on_server:  # the server's backups are its own: the way on is to reach it again
            self.broken_retry = ttk.Button(buttons, text=t("ui.server.retry"),
                                           command=self.retry_server, bootstyle="primary")
            self.broken_retry.pack(side="left", padx=(0, 8))
        elif latest:
            ttk.Label(card, text=t("ui.broken.offer", name=os.path.basename(latest)),
                      wraplength=620, justify="left").pack(anchor="w", pady=(12, 0))
            self.broken_restore = ttk.Button(buttons, text=t("ui.broken.restore"),
                                             command=self.restore_at_start, bootstyle="primary")
            self.broken_restore.pack(side="left", padx=(0, 8))
        else:
            ttk.Label(card, text=t("ui.broken.no_backup", path=self.db_path), wraplength=620,
                      justify="left").pack(anchor="w", pady=(12, 0))
        self.broken_message.pack(anchor="w", pady=(8, 0))
        ttk.Button(buttons, text=t("ui.menu.exit"), command=self.quit,
                   bootstyle="secondary-outline").pack(side="left")
        buttons.pack(anchor="w", pady=(14, 0))
        self._set_content(frame)
        self.broken = frame

    def retry_server(self):
        """Open the shop on the server again (a failure shows this screen anew)."""
        if self.open_database():
            self.broken = None
            self.start()

    def restore_at_start(self):
        from app.services import startup
        try:
            chosen, replaced = startup.restore_latest_sound_backup(self.db_path)
        except DomainError as exc:
            self.broken_message.configure(text=error_text(exc))
            return
        self.broken = None
        if self.open_database():
            self.start()
            message(self.root, t("ui.broken.restored", name=os.path.basename(chosen),
                                 replaced=os.path.basename(replaced)))

    def _geometry(self):
        """The remembered size, within the work area of the screen the window opens on, at
        its top left corner (1280×800 on a 1366×768 screen hid the status bar)."""
        x, y, w, h = prefs_mod.work_area(self.root)
        return prefs_mod.fit_geometry(self.prefs.get("geometry"), w, h) + "+{}+{}".format(x, y)

    # start: wizard or login ----------------------------------------------------------------
    def start(self):
        from app.services import auth
        if auth.needs_first_admin(self.db):
            if self.chosen_language is None:  # a first start speaks the state language
                i18n.set_language(i18n.STATE_LANGUAGE)
                self.root.title(t("ui.app.title"))
            self.show_wizard()
        else:
            self.show_login()

    def _set_content(self, frame):
        if self.content is not None:
            self.content.destroy()
        self.content = frame
        frame.pack(fill="both", expand=True)

    def _wizard_done(self, session):
        """The language the wizard was finished in holds from now on, the command line's too."""
        if self.prefs.get("language") != i18n.language():
            self.prefs["language"] = i18n.language()
            prefs_mod.save(self.prefs)
        self.chosen_language = i18n.language()
        self.enter(session)

    def use_server(self, url, db) -> bool:
        """The wizard opened the shop's server: this window works on it from now on. True when
        the wizard goes on (an empty database becomes a new shop); False when the shop is there
        already: the login is shown."""
        from app.services import auth
        old, self.db, self.db_path = self.db, db, str(url)
        self.ctx.db_path = self.db_path
        if old is not None:
            old.close()
        if auth.needs_first_admin(db):
            return True
        self.wizard = None
        self.show_login()
        # the seat joined a shop that exists: its people log in with what the admin gave them
        self.login.message.configure(text=t("ui.wizard.joined"), bootstyle="success")
        return False

    def show_wizard(self):
        from app.ui.screens.wizard import Wizard
        self.root.title(t("ui.app.title"))
        self._set_content(Wizard(self.root, self.ctx, on_done=self._wizard_done))
        self.wizard = self.content

    def show_login(self):
        from app.ui.screens.login import Login
        self.root.config(menu="")
        self.menubar = None
        self.root.title(t("ui.app.title"))
        self._set_content(Login(self.root, self.ctx, on_login=self.enter,
                                last_user=self.prefs.get("last_user", ""),
                                on_language=self.set_language))
        self.login = self.content

    def enter(self, session):
        """Logged in: the main window, or first the forced change of password."""
        self.ctx.session = session
        self.prefs["last_user"] = session.user.username
        prefs_mod.save(self.prefs)
        self.login = self.wizard = None
        self.idle.start()
        if session.user.must_change_password:
            from app.ui.dialogs.password import ChangePassword
            self._set_content(ttk.Frame(self.root))
            ChangePassword(self.root, self.ctx, forced=True, on_done=self._main_after_login,
                           on_cancel=self.logout)
            return
        self._main_after_login()

    def _main_after_login(self):
        self.show_main()
        self.alert_low_stock()

    def alert_low_stock(self):
        """Once after login: the papers and materials below their minimum level."""
        from app.services import stock
        from app.ui.screens.stock import unit_text
        from app.ui.widgets.formatting import qty
        low = stock.low_stock(self.ctx.session)
        if not low:
            return None
        d = Dialog(self.root, t("ui.stock.low_title"))
        ttk.Label(d.body, text=t("ui.stock.low_text", n=len(low)), wraplength=480,
                  justify="left").pack(anchor="w")
        lines = [t("ui.stock.low_line", item=r["name"], available=qty(r["available"]),
                   minimum=qty(r["minimum"]), unit=unit_text(r["unit"]))
                 for r in low[:LOW_STOCK_LINES]]
        if len(low) > LOW_STOCK_LINES:
            lines.append(t("ui.stock.low_more", n=len(low) - LOW_STOCK_LINES))
        data(ttk.Label(d.body, text="\n".join(lines), justify="left",
                       bootstyle="warning")).pack(anchor="w", pady=(8, 0))

        def open_stock():
            d.close()
            self.open_screen("stock")
        d.add_button("ui.button.ok", d.close, bootstyle="primary-outline")
        d.add_button("ui.stock.open", open_stock, default=True)
        d.present()
        self.low_stock_dialog = d
        return d

    def logout(self):
        def go():
            self.idle.stop()
            self.others.stop()
            self.screens.clear()
            self.ctx.session = None
            self.show_login()
        self._close_all(go)

    def force_logout(self, notice=None):
        """Back to the login at once (idle too long, database restored): nothing is asked,
        unsaved quotes are dropped. `notice` says why."""
        self.idle.stop()
        self.others.stop()
        for d in list(Dialog.open_dialogs):
            d.close()
        for screen in list(self.screens.values()):
            if hasattr(screen, "dirty"):
                screen.dirty = False
        self.screens.clear()
        self.ctx.session = None
        self.notebook = None
        self.show_login()
        if notice:
            message(self.root, notice)

    # the main window -----------------------------------------------------------------------
    def show_main(self, open_default=True):
        user = self.ctx.user
        self.root.title("{} — {}".format(t("ui.app.title"), user.full_name or user.username))
        frame = ttk.Frame(self.root)
        self.screens = {}
        self._build_menu()
        bar = ttk.Frame(frame, padding=(10, 6))
        bar.pack(fill="x")
        for key, tip, command, style in (
                ("ui.menu.new_quote", "ui.tip.new_quote", self.new_quote, "primary"),
                ("ui.menu.orders", "ui.tip.orders", lambda: self.open_screen("orders"), "primary-outline"),
                ("ui.menu.customers", "ui.tip.customers", lambda: self.open_screen("customers"),
                 "primary-outline")):
            # not in the Tab order: Tab walks the open screen's fields (the keys are Ctrl+N…)
            b = ttk.Button(bar, text=t(key), command=command, bootstyle=style, takefocus=False)
            b.pack(side="left", padx=(0, 6))
            Tooltip(b, t(tip))
        self.logout_button = ttk.Button(bar, text=t("ui.menu.logout"), command=self.logout,
                                        bootstyle="primary-outline", takefocus=False)
        self.logout_button.pack(side="right")
        ttk.Separator(frame).pack(fill="x")
        self._build_status(frame)
        self.notebook = ttk.Notebook(frame, padding=(6, 6, 6, 0))
        self.notebook.pack(fill="both", expand=True)
        self.notebook.bind("<<NotebookTabChanged>>", self._fit_page, add="+")
        if self._page_poll is None:
            self._page_poll = self.root.after(PAGE_POLL_MS, self._poll_page)
        self.others.start()
        self._set_content(frame)
        if open_default:
            self.open_screen("orders")

    def _build_menu(self):
        m = tk.Menu(self.root)
        admin = self.ctx.is_admin
        f = tk.Menu(m, tearoff=False)
        f.add_command(label=t("ui.menu.new_quote"), accelerator="Ctrl+N", command=self.new_quote)
        f.add_command(label=t("ui.menu.save"), accelerator="Ctrl+S", command=self.save_current)
        f.add_command(label=t("ui.menu.close_tab"), accelerator="Ctrl+W", command=self.close_current)
        f.add_separator()
        f.add_command(label=t("ui.menu.change_password"), command=self.change_password)
        f.add_command(label=t("ui.menu.logout"), command=self.logout)
        f.add_command(label=t("ui.menu.exit"), command=self.quit)
        m.add_cascade(label=t("ui.menu.file"), menu=f)
        w = tk.Menu(m, tearoff=False)
        w.add_command(label=t("ui.menu.orders"), command=lambda: self.open_screen("orders"))
        w.add_command(label=t("ui.menu.search"), accelerator="Ctrl+F", command=self.search)
        w.add_command(label=t("ui.menu.customers"), command=lambda: self.open_screen("customers"))
        w.add_command(label=t("ui.menu.stock"), command=lambda: self.open_screen("stock"))
        w.add_command(label=t("ui.menu.payments"), command=lambda: self.open_screen("payments"))
        w.add_command(label=t("ui.menu.closing"), command=lambda: self.open_screen("closing"))
        w.add_separator()
        w.add_command(label=t("ui.menu.analysis"), command=lambda: self.open_screen("analysis"))
        m.add_cascade(label=t("ui.menu.work"), menu=w)
        r = tk.Menu(m, tearoff=False)
        r.add_command(label=t("ui.menu.report_register"), command=self.report_register)
        r.add_command(label=t("ui.menu.report_receivables"), command=self.report_receivables)
        if admin:
            r.add_command(label=t("ui.menu.report_profitability"),
                          command=self.report_profitability)
        r.add_separator()
        r.add_command(label=t("ui.menu.work_report"), command=lambda: self.open_screen("work_report"))
        m.add_cascade(label=t("ui.menu.reports"), menu=r)
        if admin:
            a = tk.Menu(m, tearoff=False)
            for screen, key in ADMIN_SCREENS:
                a.add_command(label=t(key), command=lambda s=screen: self.open_screen(s))
            m.add_cascade(label=t("ui.menu.admin"), menu=a)
        v = tk.Menu(m, tearoff=False)
        self.theme_var = tk.StringVar(value=self.prefs["theme"])
        v.add_radiobutton(label=t("ui.menu.theme_light"), value="light", variable=self.theme_var,
                          command=lambda: self.set_theme("light"))
        v.add_radiobutton(label=t("ui.menu.theme_dark"), value="dark", variable=self.theme_var,
                          command=lambda: self.set_theme("dark"))
        v.add_separator()
        self.lang_var = tk.StringVar(value=i18n.language())
        for lang in i18n.LANGUAGES:
            v.add_radiobutton(label=t("ui.lang." + lang), value=lang, variable=self.lang_var,
                              command=lambda code=lang: self.set_language(code))
        m.add_cascade(label=t("ui.menu.view"), menu=v)
        h = tk.Menu(m, tearoff=False)
        h.add_command(label=t("ui.menu.manual_operator"), command=lambda: self.manual("operator"))
        h.add_command(label=t("ui.menu.manual_programmer"),
                      command=lambda: self.manual("programmer"))
        h.add_separator()
        h.add_command(label=t("ui.menu.shortcuts"), command=self.show_shortcuts)
        h.add_command(label=t("ui.menu.about"), command=self.show_about)
        m.add_cascade(label=t("ui.menu.help"), menu=h)
        self.menubar = m
        self.root.config(menu=m)

    def _build_status(self, frame):
        from app.services import startup
        bar = ttk.Frame(frame, padding=(10, 3))
        bar.pack(fill="x", side="bottom")
        ttk.Separator(frame).pack(fill="x", side="bottom")
        user = self.ctx.user
        self.status_user = ttk.Label(bar, text=t("ui.status.user", name=user.full_name or user.username,
                                                 role=t("role." + user.role)))
        self.status_user.pack(side="left")
        # packed before the database's path: on a narrow screen the path gives way, not these
        self.status_message = data(ttk.Label(bar, text="", bootstyle="secondary"))
        self.status_message.pack(side="right")
        self.status_notice = ttk.Frame(bar)  # "Saved: file" with its links (dialogs/documents)
        self.status_notice.pack(side="right")
        ttk.Separator(bar, orient="vertical").pack(side="left", fill="y", padx=8)
        self.status_db = ttk.Label(bar, text=t("ui.status.db", path=startup.shown(self.db_path)))
        self.status_db.pack(side="left")
        self.status_progress = ttk.Progressbar(bar, length=160, mode="indeterminate",
                                               bootstyle="success-striped")

    def set_status_message(self, text):
        if self.content is not None and getattr(self, "status_message", None) is not None:
            try:
                self.status_message.configure(text=text)
            except tk.TclError:
                pass

    def progress_start(self, text):
        self.set_status_message(text)
        self.status_progress.configure(mode="indeterminate", value=0)
        self.status_progress.pack(side="right", padx=8)
        self.status_progress.start(15)

    def progress_step(self, done, total):
        if total:
            self.status_progress.stop()
            self.status_progress.configure(mode="determinate", maximum=total, value=done)

    def progress_stop(self):
        try:
            self.status_progress.stop()
            self.status_progress.pack_forget()
            self.set_status_message("")
        except tk.TclError:
            pass

    # screens -------------------------------------------------------------------------------
    def open_screen(self, name, **kwargs):
        if self.ctx.session is None or self.notebook is None:
            return None
        module = importlib.import_module("app.ui.screens." + name)
        cls = module.SCREEN
        if cls.admin_only and not self.ctx.is_admin:
            message(self.root, t("error.permission.admin_only"), "ui.dialog.error", "error")
            return None
        key = module.screen_key(**kwargs) if hasattr(module, "screen_key") else name
        if key in self.screens:
            screen = self.screens[key]
            self.select_screen(screen)
            return screen
        page = ScreenPage(self.notebook)
        screen = cls(page, self.ctx, **kwargs)
        screen.key = key
        page.hold(screen)
        self.screens[key] = screen
        self.notebook.add(page, text=screen.title())
        self.notebook.select(page)
        return screen

    def select_screen(self, screen):
        self.notebook.select(screen.page)

    def current_screen(self):
        if self.notebook is None or not self.notebook.tabs():
            return None
        return self.root.nametowidget(self.notebook.select()).screen

    def retitle_screen(self, screen):
        try:
            self.notebook.tab(screen.page, text=screen.title())
        except tk.TclError:
            pass

    # a screen taller than the window scrolls (see widgets/page.py)
    def _open_page(self, widget=None):
        """The open screen's page (holding `widget`, if given); None while windows come and go
        (these run from global bindings: an error here would repeat with every event)."""
        try:
            screen = self.current_screen()
            if screen is None:
                return None
            if widget is not None and not screen.page.holds(widget):
                return None
            return screen.page
        except tk.TclError:
            return None

    def _fit_page(self, _event=None):
        page = self._open_page()
        if page is not None:
            page.fit()

    def _poll_page(self):
        self._page_poll = None
        if self.notebook is None or self.closed:
            return
        self._fit_page()
        self._page_poll = self.root.after(PAGE_POLL_MS, self._poll_page)

    def _page_wheel(self, event):
        # a modal dialog holds the window; a cluster's orders (not modal) leave it scrolling
        modal = any(d.modal for d in Dialog.open_dialogs)
        page = None if modal else self._open_page(event.widget)
        if page is not None:
            page.wheel(event)

    def _page_focus(self, event):
        page = self._open_page(event.widget) if isinstance(event.widget, tk.Misc) else None
        if page is not None:
            page.show(event.widget)

    def close_screen(self, screen, ask=True):
        def go():
            self.screens.pop(screen.key, None)
            try:
                self.notebook.forget(screen.page)
            except tk.TclError:
                pass
            screen.page.destroy()  # and the screen in it
        if ask:
            screen.can_close(go)
        else:
            go()

    def close_current(self):
        screen = self.current_screen()
        if screen is not None:
            self.close_screen(screen)

    def _close_all(self, then):
        screens = list(self.screens.values())

        def step():
            if not screens:
                then()
                return
            s = screens.pop()
            if self.notebook is not None:
                try:
                    self.select_screen(s)
                except tk.TclError:
                    pass
            s.can_close(step)
        step()

    def broadcast(self, what):
        for screen in list(self.screens.values()):
            screen.on_changed(what)

    # commands ------------------------------------------------------------------------------
    def new_quote(self):
        """A new quote tab with the cursor in its first field: typing goes into the quote."""
        screen = self.open_screen("quote")
        if screen is not None and hasattr(screen, "focus_start"):
            screen.focus_start()
        return screen

    def quote_type(self, n):
        """Ctrl+1…Ctrl+4 on a new quote: its n-th product type."""
        screen = self.current_screen()
        if screen is not None and hasattr(screen, "choose_type"):
            screen.choose_type(n)

    def save_order_current(self):
        """Ctrl+Enter: the quote on screen saved as an order."""
        screen = self.current_screen()
        if screen is not None and hasattr(screen, "save_as_order"):
            screen.save_as_order()

    def save_current(self):
        screen = self.current_screen()
        if screen is not None:
            screen.on_save()

    def search(self):
        screen = self.current_screen()
        if screen is not None and screen.on_search():
            return
        orders = self.open_screen("orders")
        if orders is not None:
            orders.on_search()

    def change_password(self):
        from app.ui.dialogs.password import ChangePassword
        ChangePassword(self.root, self.ctx)

    def set_theme(self, theme):
        self.prefs["theme"] = theme
        prefs_mod.save(self.prefs)
        self.root.style.theme_use(prefs_mod.THEMES[theme])
        setup_fonts(self.root)
        for screen in list(self.screens.values()):
            screen.on_theme()

    def set_language(self, lang):
        """Switch the language; the main window is rebuilt, open screens are closed first."""
        def go():
            i18n.set_language(lang)
            self.prefs["language"] = lang
            prefs_mod.save(self.prefs)
            if self.ctx.session is None:
                if self.wizard is not None:
                    self.show_wizard()
                else:
                    self.show_login()
            else:
                self.show_main()
        if self.ctx.session is None:
            go()
        else:
            self._close_all(go)

    def report_register(self):
        from app.ui.dialogs import documents
        return documents.reports_order_register(self.ctx)

    def report_receivables(self):
        from app.ui.dialogs import documents
        return documents.reports_receivables(self.ctx)

    def report_profitability(self):
        from app.ui.dialogs import documents
        return documents.reports_profitability(self.ctx)

    def manual(self, kind):
        from app.ui.dialogs import documents
        return documents.open_manual(self.ctx, kind)

    def show_shortcuts(self):
        text = "\n".join("{:<14} {}".format(k, t(key)) for k, key in SHORTCUTS)
        message(self.root, text, "ui.menu.shortcuts")

    def show_about(self):
        from app.services import startup
        message(self.root, t("ui.about", db=startup.shown(self.db_path)), "ui.menu.about")

    def _bind_keys(self):
        r = self.root

        def when_in(fn):
            def handler(event=None):
                if self.ctx.session is None or self.notebook is None or Dialog.open_dialogs:
                    return None
                fn()
                return "break"
            return handler
        for seq in ("<Control-n>", "<Control-N>"):
            r.bind_all(seq, when_in(self.new_quote))
        for seq in ("<Control-s>", "<Control-S>"):
            r.bind_all(seq, when_in(self.save_current))
        for seq in ("<Control-Return>", "<Control-KP_Enter>"):
            r.bind_all(seq, when_in(self.save_order_current))
        for seq in ("<Control-f>", "<Control-F>"):
            r.bind_all(seq, when_in(self.search))
        for n in range(1, 5):  # a quote's product types, in the order of its type buttons
            r.bind_all("<Control-Key-{}>".format(n), when_in(lambda n=n: self.quote_type(n)))
        # X11's Tk makes Ctrl+W "cut" in every field (emacs style): here it closes the tab,
        # as on Windows, and Ctrl+X cuts; a field's selected text is not lost to Ctrl+W
        for seq in ("<Control-Key-w>", "<Control-Lock-Key-W>"):
            try:
                r.event_delete("<<Cut>>", seq)
            except tk.TclError:
                pass
        for seq in ("<Control-w>", "<Control-W>"):
            r.bind_all(seq, when_in(self.close_current))
        r.bind("<Escape>", when_in(self.close_current))
        for seq in ("<MouseWheel>", "<Button-4>", "<Button-5>"):
            r.bind_all(seq, self._page_wheel, add="+")
        r.bind_all("<FocusIn>", self._page_focus, add="+")

    # errors and the end --------------------------------------------------------------------
    def _on_tk_error(self, exc_type, exc, tb):
        """Never a traceback at a person: domain errors are said politely, the rest is logged."""
        if isinstance(exc, SessionEnded):  # a service found the user deactivated meanwhile
            self.force_logout(error_text(exc))
            return
        if isinstance(exc, DomainError):
            message(self.root, error_text(exc), "ui.dialog.error", "error")
            return
        try:
            raise exc.with_traceback(tb)
        except BaseException:  # logged with its traceback, then said politely
            path = logs.log_unexpected("ui")
        try:
            message(self.root, t("error.unexpected", log=path), "ui.dialog.error", "error")
        except tk.TclError:
            pass

    def remember_size(self):
        try:
            if self.root.state() == "normal":
                self.prefs["geometry"] = "{}x{}".format(self.root.winfo_width(),
                                                         self.root.winfo_height())
        except tk.TclError:
            return
        prefs_mod.save(self.prefs)

    def quit(self):
        def go():
            self.remember_size()
            self.destroy()
        if self.ctx.session is not None:
            self._close_all(go)
        else:
            go()

    def destroy(self):
        if self.closed:
            return
        self.closed = True
        self.idle.stop()
        self.others.stop()
        cancel_after(self.root, self._page_poll)
        self._page_poll = None
        for d in list(Dialog.open_dialogs):
            d.close()
        try:
            self.root.destroy()
        except tk.TclError:
            pass
        # ttkbootstrap 1.x keeps its Style as a class-level singleton bound to this interpreter
        # (Window.destroy resets an instance attribute only): forget it, so a next window (a
        # test, the screenshot script) builds a fresh one instead of using a dead interpreter.
        from ttkbootstrap.publisher import Publisher
        from ttkbootstrap.style import Style
        Style.instance = None
        Publisher.clear_subscribers()
        try:
            if self.db is not None:
                self.db.close()
        except Exception:  # closing twice or a broken file: nothing left to save
            pass


def run(db_path, args) -> int:
    """python -m app: the GUI. Returns the exit code."""
    logs.setup()
    prefs = prefs_mod.load()
    lang = getattr(args, "lang", None) or os.environ.get("IPRINT_LANG") or prefs.get("language")
    try:
        app = App(db_path, lang=lang, prefs=prefs)
    except tk.TclError as exc:  # no display
        print(t("ui.no_display", reason=str(exc)), file=sys.stderr)
        return 1
    except DomainError as exc:
        print(error_text(exc), file=sys.stderr)
        return 2
    app.root.update()  # the first window drawn: the executable's splash goes now
    platform_setup.first_window_shown()
    if os.environ.get("IPRINT_UI_EXIT_AFTER_SHOWN"):
        # the start benchmark: leave as soon as the first window is drawn
        app.root.update()
        print("shown", flush=True)
        app.destroy()
        return 0
    app.root.mainloop()
    if not app.closed:
        app.destroy()
    return 0
