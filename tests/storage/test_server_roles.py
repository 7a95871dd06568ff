"""The app's role on the shop's server (issue 21.4): the schema is the owner's; the role the
seats log in with may read and write the shop's tables but only read and add to the audit log,
so even a seat's own connection cannot rewrite the trail (the trigger refuses it too). The
grants are the ones docs/build.md gives the shop's administrator."""
import sqlite3
import uuid

import pytest

from app.services import auth, orders
from app.storage.opening import open_database
from app.storage.server import ServerDatabase
from tests import server_db
from tests.costing.specs import CARDS

pytestmark = pytest.mark.file_only  # its own server database and role, on either --engine

# docs/build.md, "The shop's server": the app's role (ROLE stands for its name)
GRANTS = """GRANT CONNECT ON DATABASE {db} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"""


@pytest.fixture
def shop_and_app_role():
    url = server_db.create("roles")
    name = url.rsplit("/", 1)[1]
    role = "seat_" + uuid.uuid4().hex[:10]
    with open_database(url, create=True) as db:  # the owner makes the shop
        auth.create_first_admin(db, "admin", "first-admin-pass-1", "Әкімші")
    with ServerDatabase(server_db.admin_url()) as admin:
        admin.execute("CREATE ROLE {} LOGIN".format(role))
    with ServerDatabase(url) as owner:
        for statement in GRANTS.format(db='"{}"'.format(name), role=role).split(";\n"):
            owner.execute(statement)
    seat_url = url.replace("postgres@", role + "@", 1)
    yield url, seat_url
    server_db.drop(url)
    with ServerDatabase(server_db.admin_url()) as admin:
        admin.execute("DROP ROLE IF EXISTS {}".format(role))


def test_a_seat_works_and_cannot_rewrite_the_audit_log(shop_and_app_role):
    url, seat_url = shop_and_app_role
    with open_database(seat_url) as db:  # the start: checked, nothing to migrate
        session = auth.login(db, "admin", "first-admin-pass-1")
        from app.services import customers
        customer = customers.save(session, {"name": "ТОО «Рөл»", "bin": "123456789013"})
        order = orders.create(session, CARDS, customer.id)
        assert orders.get(session, order.id).number == order.number
        entries = db.scalar("SELECT count(*) FROM audit_log")
        assert entries >= 3  # the login, the customer, the order
        for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log"):
            with pytest.raises(sqlite3.DatabaseError) as refused:
                with db.atomic():
                    db.execute(sql)
            assert "permission denied" in str(refused.value)
        assert db.scalar("SELECT count(*) FROM audit_log") == entries
    with ServerDatabase(url) as owner:  # even the owner's UPDATE meets the trigger
        with pytest.raises(sqlite3.IntegrityError) as refused:
            with owner.atomic():
                owner.execute("UPDATE audit_log SET action = 'x'")
        assert "append-only" in str(refused.value)
