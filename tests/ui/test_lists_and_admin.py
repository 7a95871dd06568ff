"""Orders list on a demo database, customers, and the administration screens."""
import time

from app.i18n import format_money, format_number, t
from app.services import auth, catalog, costs, customers, orders
from app.storage import users as users_db
from app.storage.orders import OrderFilter
from app.ui.widgets.dialog import Dialog
from tests.ui.conftest import last_dialog, login, login_admin, pump


def test_orders_list_pages_filters_searches_and_sorts(make_app, demo_db):
    path, passwords = demo_db
    app = make_app(path)
    login(app, "admin", passwords["admin"])
    s = app.screens["orders"]
    pump(app)
    tree = s.table.tree
    total = orders.count(app.ctx.session, OrderFilter())
    assert total == 3000
    assert len(tree.get_children()) == 100
    assert s.count_label.cget("text") == t("ui.orders.count", n=format_number(total, 0))
    assert s.pager.label.cget("text") == t("ui.orders.page", page=1, pages=30)
    first = tree.get_children()[0]
    s.pager.next_button.invoke()
    pump(app)
    assert tree.get_children()[0] != first
    assert s.pager.label.cget("text") == t("ui.orders.page", page=2, pages=30)
    s.status_var.set(t("status.paid"))
    s.status_box.event_generate("<<ComboboxSelected>>")
    pump(app)
    paid = orders.count(app.ctx.session, OrderFilter(statuses=("paid",)))
    assert s.count_label.cget("text") == t("ui.orders.count", n=format_number(paid, 0))
    assert {tree.set(i, "status") for i in tree.get_children()} == {t("status.paid")}
    s.clear_button.invoke()
    pump(app)
    # one manager's orders: the names come from the users, the rows from the filter
    mid, name = [(uid, n) for uid, n in orders.managers(app.ctx.session)
                 if orders.count(app.ctx.session, OrderFilter(manager_id=uid))][-1]
    s.manager_var.set(name)
    s.manager_box.event_generate("<<ComboboxSelected>>")
    pump(app)
    theirs = orders.count(app.ctx.session, OrderFilter(manager_id=mid))
    assert 0 < theirs < total
    assert s.count_label.cget("text") == t("ui.orders.count", n=format_number(theirs, 0))
    assert {tree.set(i, "manager") for i in tree.get_children()} == {name}
    s.clear_button.invoke()
    pump(app)
    assert s.manager_var.get() == t("ui.all")
    assert s.count_label.cget("text") == t("ui.orders.count", n=format_number(total, 0))
    some = s.rows[tree.get_children()[5]]
    s.search_var.set(some.number)
    s.reload()
    pump(app)
    assert list(tree.get_children()) == [str(some.id)]
    s.search_var.set("")
    s.from_var.set("2026-13-01")
    s.reload()
    assert s.filter_error.cget("text") == t("error.field.date")
    s.from_var.set("")
    s.reload()
    s.sort_by("price")  # descending first
    pump(app)
    prices = [s.rows[i].price_gross for i in tree.get_children()]
    assert prices == sorted(prices, reverse=True)
    s.sort_by("price")
    prices = [s.rows[i].price_gross for i in tree.get_children()]
    assert prices == sorted(prices)
    tree.selection_set(tree.get_children()[0])
    s.open_button.invoke()
    pump(app)
    assert app.current_screen().order.id == int(tree.get_children()[0])


def test_customer_edit_shows_bin_error_at_the_field_and_card_totals(admin_app, customer):
    app = admin_app
    spec = {"product_type": "label", "quantity": 5000, "label_length_mm": 60, "ribbon": "satin-30"}
    o = orders.create(app.ctx.session, spec, customer.id, "approved")
    s = app.open_screen("customers")
    assert s.table.tree.set(str(customer.id), "name") == customer.name
    s.edit_button.invoke()
    d = last_dialog()
    d.form.fields["bin"].set("12345678901A")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    err = d.form.fields["bin"].error
    assert err.winfo_ismapped() and err.cget("text") == t("error.id.bin_form")
    d.form.fields["bin"].set("123456789038")  # 12 digits, but the control digit is 7
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert err.winfo_ismapped() and err.cget("text") == t("error.id.bin_digit")
    d.form.fields["bin"].set("123456789037")
    d.form.fields["phone"].set("+7 777 000 11 22")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert customers.get(app.ctx.session, customer.id).bin == "123456789037"
    assert s.table.tree.set(str(customer.id), "bin") == "123456789037"
    s.card_button.invoke()
    pump(app)
    card = app.current_screen()
    assert card.contact["phone"].cget("text") == "+7 777 000 11 22"
    assert card.totals["orders"].cget("text") == "1"
    assert card.totals["revenue"].cget("text") == format_money(o.estimate.price_net)
    assert card.history.tree.get_children() == (str(o.id),)


def test_customer_delete_asks_first(admin_app):
    app = admin_app
    c = customers.save(app.ctx.session, {"name": "Уақытша"})
    s = app.open_screen("customers")
    s.table.tree.selection_set(str(c.id))
    s.delete_button.invoke()
    last_dialog().button_by_key["ui.button.no"].invoke()
    assert customers.search(app.ctx.session, "Уақытша")
    s.delete_button.invoke()
    last_dialog().button_by_key["ui.button.delete"].invoke()
    pump(app)
    assert not customers.search(app.ctx.session, "уақытша")


def test_admin_changes_a_markup_and_a_new_quote_uses_it(admin_app):
    app = admin_app
    before = app.new_quote()
    old_price = before.breakdown.text("price_net")
    s = app.open_screen("admin_settings")
    s.save_button.invoke()  # the fixture's shop has no name yet: said at that field
    assert s.shop_form.fields["shop.name"].error.cget("text") == t("error.field.required")
    s.shop_form.fields["shop.name"].set("ЖШС «Баспа»")
    s.form.fields["markup_printing"].set("абв")
    s.save_button.invoke()
    assert s.form.fields["markup_printing"].error.cget("text") == t("error.field.not_number")
    s.form.fields["markup_printing"].set("60")
    s.save_button.invoke()
    pump(app)
    assert catalog.get_settings(app.ctx.session).markup_printing == 60
    q = app.new_quote()
    assert q.breakdown.text("markup_pct") == "60,00 %"
    assert q.breakdown.text("price_net") != old_price
    cost = q.estimate.cost
    assert q.estimate.price_net >= cost * 16 / 10


def test_catalog_editor_saves_a_paper(admin_app):
    app = admin_app
    s = app.open_screen("admin_catalog")
    tab = s.tabs["paper"]
    tab.new_button.invoke()
    f = tab.form.fields
    for name, value in (("code", "coated-170-sra3"), ("name", "Мелованная 170 г/м² SRA3"),
                        ("width_mm", "320"), ("height_mm", "450"), ("gsm", "170"),
                        ("price", "60,50")):
        f[name].set(value)
    f["price"].set("-1")
    tab.save_button.invoke()
    pump(app)
    assert f["price"].error.winfo_ismapped()
    f["price"].set("60,50")
    tab.save_button.invoke()
    pump(app)
    assert catalog.get_catalog(app.ctx.session).papers["coated-170-sra3"].price == 60.5
    q = app.new_quote()
    assert "Мелованная 170 г/м² SRA3" in q.job.fields["paper"].widget.cget("values")


def test_users_add_reset_and_delete(admin_app):
    app = admin_app
    s = app.open_screen("admin_users")
    s.add()
    d = last_dialog()
    d.form.fields["username"].set("dana")
    d.form.fields["full_name"].set("Дана Әлиева")
    d.form.fields["password"].set("short")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["password"].error.cget("text") == t("error.password.too_short", min=8)
    d.form.fields["password"].set("dana-pass-123")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    dana = [u for u in auth.list_users(app.ctx.session) if u.username == "dana"][0]
    assert dana.role == "manager" and dana.must_change_password
    s.table.tree.selection_set(str(dana.id))
    s.reset()
    d = last_dialog()
    d.form.fields["new_password"].set("short")  # the rule's message lands at the field
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["new_password"].error.cget("text") == t("error.password.too_short", min=8)
    assert d in Dialog.open_dialogs and d.form.fields["new_password"].get() == "short"
    d.form.fields["new_password"].set("dana-pass-456")
    d.button_by_key["ui.button.save"].invoke()
    assert d not in Dialog.open_dialogs
    row = users_db.login_row(app.ctx.db, "dana")  # read, not logged in: she stays deletable
    assert auth.verify_password("dana-pass-456", row["password_hash"])
    assert row["must_change_password"]
    s.table.tree.selection_set(str(dana.id))
    s.delete_button.invoke()
    last_dialog().button_by_key["ui.button.delete"].invoke()
    pump(app)
    assert "dana" not in [u.username for u in auth.list_users(app.ctx.session)]


def test_indirect_costs_allocate_in_the_background(make_app, demo_db):
    path, passwords = demo_db
    app = make_app(path)
    login(app, "admin", passwords["admin"])
    s = app.open_screen("admin_costs")
    s.form.fields["month"].set("2026-13")
    s.save_button.invoke()
    assert s.form.fields["month"].error.cget("text") == t("error.field.month")
    s.form.fields["month"].set("2026-10")
    s.form.fields["amount"].set("500000")
    s.save_button.invoke()
    pump(app)
    assert "2026-10" in s.table.tree.get_children()
    s.allocate_button.invoke()
    pump(app)
    deadline = time.time() + 30
    while time.time() < deadline and not s.message.cget("text"):
        pump(app, 1)
        time.sleep(0.02)
    row = [m for m in costs.months(app.ctx.session) if m["month"] == "2026-10"][0]
    assert row["allocated_at"] is not None
    assert s.message.cget("text") == t("ui.costs.allocated_n", month="2026-10",
                                       n=format_number(row["orders_count"], 0))
    assert not app.status_progress.winfo_ismapped()


def test_audit_log_is_searchable(admin_app, customer):
    app = admin_app
    s = app.open_screen("admin_audit")
    s.search_var.set("customer.create")
    s.reload()
    rows = [s.table.tree.set(i, "action") for i in s.table.tree.get_children()]
    assert rows and set(rows) == {t("audit.action.customer.create")}


def test_customers_and_audit_lists_page_through_long_lists(admin_app):
    """205 customers (and so 205 audit lines): both lists show 200, Next shows the rest, Back
    returns, and a new search starts again at the first page."""
    app = admin_app
    for i in range(205):
        customers.save(app.ctx.session, {"name": "Тапсырыс беруші {:03d}".format(i)})
    total = len(customers.search(app.ctx.session, "", 1000))
    assert total >= 205
    s = app.open_screen("customers")
    pager = s.pager
    assert len(s.table.tree.get_children()) == 200
    assert s.count_label.cget("text") == t("ui.customers.shown", first=1, last=200)
    assert str(pager.prev_button.cget("state")) == "disabled"
    assert str(pager.next_button.cget("state")) == "normal"
    pager.next_button.invoke()
    pump(app)
    assert len(s.table.tree.get_children()) == total - 200
    assert s.count_label.cget("text") == t("ui.customers.shown", first=201, last=total)
    assert str(pager.next_button.cget("state")) == "disabled"
    pager.prev_button.invoke()
    pump(app)
    assert s.count_label.cget("text") == t("ui.customers.shown", first=1, last=200)
    pager.next_button.invoke()
    s.search_var.set("беруші 00")  # ten of them
    s.reload()
    assert pager.offset == 0 and len(s.table.tree.get_children()) == 10

    a = app.open_screen("admin_audit")
    a.search_var.set("customer.create")
    a.reload()
    assert len(a.table.tree.get_children()) == 200
    assert a.pager.label.cget("text") == t("ui.orders.page_short", page=1)
    a.pager.next_button.invoke()
    pump(app)
    rows = [a.table.tree.set(i, "action") for i in a.table.tree.get_children()]
    assert len(rows) == 5 and set(rows) == {t("audit.action.customer.create")}
    assert a.pager.label.cget("text") == t("ui.orders.page_short", page=2)
    assert str(a.pager.next_button.cget("state")) == "disabled"
    a.pager.prev_button.invoke()
    pump(app)
    assert len(a.table.tree.get_children()) == 200
    assert str(a.pager.prev_button.cget("state")) == "disabled"


def test_audit_log_speaks_russian_and_filters_by_action(make_app, db_path, customer):
    """The administrator reads actions and what they are about in his language, picks one
    action from the list, or types a word of its name."""
    app = login_admin(make_app(db_path, lang="ru"))
    s = app.open_screen("admin_audit")
    tree = s.table.tree
    rows = {tree.set(i, "action"): i for i in tree.get_children()}
    added = t("audit.action.customer.create")
    assert added == "Добавлен заказчик" and added in rows
    assert "customer.create" not in rows
    assert tree.set(rows[added], "entity") == "Заказчик {}".format(customer.id)
    assert tree.set(rows[added], "details") == "name: ТОО «Алтын Дән»"
    s.action_var.set(added)
    s.action_box.event_generate("<<ComboboxSelected>>")
    pump(app)
    assert {tree.set(i, "action") for i in tree.get_children()} == {added}
    s.action_var.set(t("ui.all"))
    s.action_box.event_generate("<<ComboboxSelected>>")
    s.search_var.set("заказчик")  # a word of the name, not of the stored code
    s.reload()
    found = {tree.set(i, "action") for i in tree.get_children()}
    assert added in found and t("audit.action.login") not in found


def test_settings_vat_box_categories_and_dated_rates(admin_app):
    """The VAT box of the settings: a category per product type, the rate history with its
    dates; a bad day is said at its field; quotes follow what is saved."""
    app = admin_app
    s = app.open_screen("admin_settings")
    rows = [s.rates.item(i, "values") for i in s.rates.get_children()]
    assert (t("vat.category.standard"), "01.01.2026", "16") in [tuple(r) for r in rows]
    s.shop_form.fields["shop.name"].set("ЖШС «Баспа»")
    s.vat_form.fields["vat_journal"].set(t("vat.category.exempt"))
    s.save_button.invoke()
    pump(app)
    assert catalog.get_settings(app.ctx.session).vat_journal == "exempt"
    assert s.vat_form.fields["vat_journal"].get() == t("vat.category.exempt")
    s.rate_form.fields["vat.valid_from"].set("01.07.2027")
    s.rate_form.fields["vat.pct"].set("18")
    s.add_rate_button.invoke()
    pump(app)
    assert s.rate_form.fields["vat.valid_from"].error.cget("text") == t("error.field.date")
    s.rate_form.fields["vat.valid_from"].set("2027-07-01")
    s.add_rate_button.invoke()
    pump(app)
    assert "2027-07-01" in [i.split("|")[1] for i in s.rates.get_children()]
    assert [r.pct for r in catalog.vat_rates(app.ctx.session)
            if r.valid_from.isoformat() == "2027-07-01"] == [18]
    s.rates.selection_set("standard|2027-07-01")
    s.delete_rate_button.invoke()
    pump(app)
    assert "standard|2027-07-01" not in s.rates.get_children()
