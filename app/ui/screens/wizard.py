"""The first start: language and where the shop is (this PC, or the shop's server), the shop's
requisites, the administrator's password. On a server that already holds the shop, the
wizard ends at the first step: the seat logs in."""
import ttkbootstrap as ttk

from app import i18n
from app.domain.errors import DomainError, ValidationError
from app.i18n import error_text, t
from app.ui.widgets.form import Form
from app.ui.widgets.server_fields import ServerFields


class Wizard(ttk.Frame):
    STEPS = ("language", "shop", "admin")

    def __init__(self, parent, ctx, on_done):
        super().__init__(parent, padding=30)
        self.ctx = ctx
        self.on_done = on_done
        self.step = 0
        card = ttk.Frame(self, padding=24)
        card.place(relx=0.5, rely=0.45, anchor="center")
        self.card = card
        ttk.Label(card, text=t("ui.wizard.title"), font="iPrintTitle",
                  bootstyle="primary").pack(anchor="w")
        self.step_label = ttk.Label(card, text="", bootstyle="secondary")
        self.step_label.pack(anchor="w", pady=(2, 12))
        self.pages = {}
        holder = ttk.Frame(card, padding=12)
        holder.pack(fill="both", expand=True)
        self.holder = holder
        self._language_page()
        self._shop_page()
        self._admin_page()
        nav = ttk.Frame(card, padding=(0, 12, 0, 0))
        nav.pack(fill="x")
        self.next_button = ttk.Button(nav, text=t("ui.button.next"), command=self.next,
                                      bootstyle="primary")
        self.next_button.pack(side="right")
        self.back_button = ttk.Button(nav, text=t("ui.button.back"), command=self.back,
                                      bootstyle="primary-outline")
        self.back_button.pack(side="right", padx=8)
        self.error_label = ttk.Label(card, text="", bootstyle="danger", wraplength=520)
        self.error_label.pack(anchor="w")
        self.show(0)

    def _language_page(self):
        page = ttk.Frame(self.holder)
        ttk.Label(page, text=t("ui.wizard.language_hint"), wraplength=480).pack(anchor="w",
                                                                                 pady=(0, 10))
        self.lang_var = ttk.StringVar(value=i18n.language())
        self.lang_buttons = {}
        for lang in i18n.LANGUAGES:
            b = ttk.Radiobutton(page, text=t("ui.lang." + lang), value=lang,
                                variable=self.lang_var, command=self._language_changed)
            b.pack(anchor="w", pady=3)
            self.lang_buttons[lang] = b
        self.where_var = ttk.StringVar(value="pc")
        self.where_buttons = {}
        if self._on_server():  # started on the server's address: the shop is there
            self.pages["language"] = page
            return
        ttk.Separator(page).pack(fill="x", pady=(10, 8))
        ttk.Label(page, text=t("ui.wizard.where_hint"), wraplength=480).pack(anchor="w")
        for where in ("pc", "server"):
            b = ttk.Radiobutton(page, text=t("ui.wizard.where_" + where), value=where,
                                variable=self.where_var, command=self._where_changed)
            b.pack(anchor="w", pady=2)
            self.where_buttons[where] = b
        self.server_box = ServerFields(page, on_error=lambda exc: self.error_label.configure(
            text=error_text(exc), bootstyle="danger"))
        self.pages["language"] = page

    def _where_changed(self):
        if self.where_var.get() == "server":
            self.server_box.pack(fill="x")
            self.server_box.focus_first()
        else:
            self.server_box.pack_forget()

    def _go_to_server(self):
        """Next on the first page with the server chosen: open the shop there, remember it for
        this PC user; True when the wizard goes on (an empty database: a new shop)."""
        found = self.server_box.value()
        db = self.server_box.open_and_remember(found) if found is not None else None
        return db is not None and self.ctx.app.use_server(found[2], db)

    def _language_changed(self):
        lang = self.lang_var.get()
        if lang != i18n.language():
            self.ctx.app.set_language(lang)  # rebuilds this wizard in the new language

    def _shop_page(self):
        page = ttk.Frame(self.holder)
        ttk.Label(page, text=t("ui.wizard.shop_hint"), wraplength=480).grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(0, 6))
        inner = ttk.Frame(page)
        inner.grid(row=1, column=0, columnspan=2, sticky="nsew")
        self.shop_form = Form(inner, label_width=22)
        self.shop_form.row = 0
        for name in ("name", "bin", "address", "phone", "bank", "iik", "bik", "kbe"):
            self.shop_form.entry("shop." + name, "field.shop." + name, width=36,
                                 value="17" if name == "kbe" else "")
        self.shop_form.check("vat_payer", "field.vat_payer", True)
        self.pages["shop"] = page

    def _admin_page(self):
        page = ttk.Frame(self.holder)
        ttk.Label(page, text=t("ui.wizard.admin_hint"), wraplength=480).grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(0, 6))
        inner = ttk.Frame(page)
        inner.grid(row=1, column=0, columnspan=2, sticky="nsew")
        self.admin_form = Form(inner, label_width=22)
        self.admin_form.entry("username", "field.username", "admin", width=30)
        self.admin_form.entry("full_name", "ui.field.full_name", "", width=30)
        self.admin_form.entry("password", "field.password", "", width=30, show="•")
        self.admin_form.entry("password2", "ui.field.password_again", "", width=30, show="•")
        self.pages["admin"] = page

    def show(self, step):
        self.step = step
        for page in self.pages.values():
            page.pack_forget()
        self.pages[self.STEPS[step]].pack(fill="both", expand=True)
        self.step_label.configure(text=t("ui.wizard.step", n=step + 1, total=len(self.STEPS),
                                         name=t("ui.wizard.step_" + self.STEPS[step])))
        self.back_button.configure(state="normal" if step else "disabled")
        self.next_button.configure(text=t("ui.button.finish") if step == 2 else t("ui.button.next"))
        self.error_label.configure(text="")
        if step == 1:
            self.shop_form.focus_first()
        elif step == 2:
            self.admin_form.fields["password"].widget.focus_set()

    def back(self):
        if self.step > 0:
            self.show(self.step - 1)

    def _shop_data(self):
        data = {k.split(".", 1)[1]: v for k, v in self.shop_form.values().items()
                if k.startswith("shop.")}
        return data

    def next(self):
        from app.services import shop
        if self.step == 1:
            self.shop_form.clear_errors()
            try:
                shop.validate(self._shop_data())
            except ValidationError as exc:
                self._field_error(self.shop_form, exc)
                return
        if self.step == 0 and self.where_var.get() == "server" and not self._on_server():
            if not self._go_to_server():
                return  # said on the page, or the shop was there: the login is shown
        if self.step < 2:
            self.show(self.step + 1)
            return
        self.finish()

    def _on_server(self) -> bool:
        from app.services import startup
        return startup.on_server(self.ctx.db_path)

    def _field_error(self, form, exc):
        if not form.show_error(exc):
            self.error_label.configure(text=error_text(exc), bootstyle="danger")

    def finish(self):
        from app.services import auth, catalog, shop
        form = self.admin_form
        form.clear_errors()
        values = form.values()
        try:
            shop_data = self._shop_data()
            auth.check_password_rules(values["password"], names=(
                values["username"], values["full_name"], shop_data.get("name", "")))
            if values["password"] != values["password2"]:
                raise ValidationError("ui.error.passwords_differ", "password2")
            db = self.ctx.db
            shop.validate(shop_data)
            with db.atomic():
                user = auth.create_first_admin(db, values["username"], values["password"],
                                               values["full_name"])
                shop.save_requisites_unchecked(db, shop_data, user)
            session = auth.login(db, user.username, values["password"])
            vat = "1" if self.shop_form.fields["vat_payer"].get() else "0"
            if catalog.get_settings(session).vat_payer != (vat == "1"):
                catalog.save_settings(session, {"vat_payer": vat})
        except ValidationError as exc:
            if exc.field and exc.field.startswith("shop."):
                self.show(1)
                self._field_error(self.shop_form, exc)
            else:
                self._field_error(form, exc)
            return
        except DomainError as exc:
            self.error_label.configure(text=error_text(exc), bootstyle="danger")
            return
        self.on_done(session)
