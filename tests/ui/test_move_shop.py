"""Move the shop (issue 21.6), the administrator's screen: this shop copied onto an empty server
database, compared table by table, then this PC switched to the server; into a new file too;
a target that is not new is refused in words. Real windows, a real PostgreSQL."""
import os

import pytest

from app.i18n import t
from app.services import customers
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import fill_server_fields as _fill_server
from tests.ui.conftest import login, pump, wait_for

pytestmark = pytest.mark.file_only  # a file moved onto its own server database


def _copy(app, s):
    s.copy_button.invoke()
    wait_for(app, lambda: s.message.cget("text"), timeout=120, what="the copy")
    return s.message.cget("text")


def test_the_shop_goes_onto_the_server_and_this_pc_follows(admin_app, server_db_url):
    app = admin_app
    customers.save(app.ctx.session, {"name": "ТОО «Көшетін»"})
    s = app.open_screen("admin_move")
    pump(app)
    assert s.where_var.get() == "server" and s.server.winfo_ismapped()
    s.copy_button.invoke()  # no server typed: said at the field, nothing started
    assert s.server.form.fields["server.host"].error.cget("text") == t("error.field.required")
    _fill_server(s.server, server_db_url, password="")
    said = _copy(app, s)
    assert said.startswith(t("ui.move.done", to="", tables="", rows="", backup="")[:8]), said
    rows = [s.table.tree.item(i, "values") for i in s.table.tree.get_children()]
    assert len(rows) > 25 and all(r[2] == t("ui.move.same_yes") for r in rows)
    with open_database(server_db_url) as db:
        assert db.scalar("SELECT count(*) FROM customers WHERE name = 'ТОО «Көшетін»'") == 1
    # again onto the same database: refused in words, nothing changed
    said = _copy(app, s)
    assert "Traceback" not in said and server_db_url.rsplit("/", 1)[1] in said
    assert not s.switch_button.winfo_ismapped()
    # onto a second, empty one, then this PC works there
    from tests import server_db
    second = server_db.create("move")
    try:
        _fill_server(s.server, second, password="")
        _copy(app, s)
        pump(app)
        assert s.switch_button.winfo_ismapped()
        s.switch_button.invoke()
        assert app.ctx.session is None and app.login is not None
        assert app.db_path.startswith("postgresql://") and app.db_path.endswith(
            second.rsplit("/", 1)[1])
        login(app, "admin", ADMIN_PASSWORD)
        assert app.ctx.session.db.engine == "postgresql"
        assert [c.name for c in customers.search(app.ctx.session, "Көшетін")] == ["ТОО «Көшетін»"]
    finally:
        app.db.close()
        server_db.drop(second)


def test_the_shop_goes_into_a_new_file_and_not_over_one(admin_app, tmp_path):
    app = admin_app
    s = app.open_screen("admin_move")
    s.where_buttons["file"].invoke()
    pump(app)
    assert s.file_entry.winfo_ismapped() and not s.server.winfo_ismapped()
    s.copy_button.invoke()
    assert s.message.cget("text") == t("ui.move.file_required")
    target = tmp_path / "copy" / "shop-copy.sqlite3"
    os.makedirs(str(target.parent))
    s.file_var.set(str(target))
    said = _copy(app, s)
    assert said.startswith(t("ui.move.done", to="", tables="", rows="", backup="")[:8]), said
    assert not s.switch_button.winfo_ismapped()  # a file copy is a copy: this PC stays
    with open_database(target) as db:
        assert db.scalar("SELECT count(*) FROM users WHERE username = 'admin'") == 1
    before = target.read_bytes()
    s.message.configure(text="")
    said = _copy(app, s)
    assert str(target) in said and target.read_bytes() == before
