"""The login window: user name, password, and the language to work in."""
import ttkbootstrap as ttk

from app import i18n
from app.domain.errors import DomainError
from app.i18n import message_text, t
from app.services import startup
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data


class Login(ttk.Frame):
    def __init__(self, parent, ctx, on_login, last_user="", on_language=None):
        super().__init__(parent, padding=30)
        self.ctx = ctx
        self.on_login = on_login
        self.on_language = on_language
        card = ttk.Frame(self, padding=28)
        card.place(relx=0.5, rely=0.42, anchor="center")
        ttk.Label(card, text=t("ui.app.title"), font="iPrintTitle", bootstyle="primary").pack(anchor="w")
        ttk.Label(card, text=t("ui.login.subtitle"), bootstyle="secondary").pack(anchor="w",
                                                                                  pady=(0, 14))
        inner = ttk.Frame(card)
        inner.pack(fill="x")
        self.form = Form(inner, label_width=14)
        self.username = self.form.entry("username", "field.username", last_user, width=28)
        self.password = self.form.entry("password", "field.password", "", width=28, show="•")
        self.password.widget.unbind("<Return>")
        self.password.widget.bind("<Return>", lambda e: self.submit())
        self.password.widget.bind("<KP_Enter>", lambda e: self.submit())
        self.message = ttk.Label(card, text="", bootstyle="danger", wraplength=360)
        data(self.message)
        self.message.pack(anchor="w", pady=(8, 0))
        self.button = ttk.Button(card, text=t("ui.login.button"), command=self.submit,
                                 bootstyle="primary")
        self.button.pack(fill="x", pady=(10, 0))
        langs = ttk.Frame(card)
        langs.pack(pady=(16, 0))
        self.lang_buttons = {}
        for lang in i18n.LANGUAGES:
            b = ttk.Button(langs, text=t("ui.lang." + lang),
                           bootstyle="link" if lang != i18n.language() else "secondary-link",
                           command=lambda code=lang: self.on_language and self.on_language(code))
            b.pack(side="left", padx=4)
            self.lang_buttons[lang] = b
        db_label = ttk.Label(card, text=t("ui.status.db", path=startup.shown(ctx.db_path)),
                             bootstyle="secondary", font="TkSmallCaptionFont", wraplength=380)
        db_label.pack(pady=(12, 0))
        (self.password if last_user else self.username).widget.focus_set()

    def submit(self):
        from app.services import auth
        self.form.clear_errors()
        self.message.configure(text="")
        try:
            session = auth.login(self.ctx.db, self.username.get(), self.password.get())
        except DomainError as exc:
            self.message.configure(text=message_text(exc))
            self.password.set("")
            self.password.widget.focus_set()
            return
        self.on_login(session)
