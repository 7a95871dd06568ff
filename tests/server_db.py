"""The PostgreSQL side of the tests (issue 21): databases made and dropped on the server that
scripts/test.sh starts (its address in IPRINT_TEST_PG, the maintenance database's URL)."""
import os
import uuid

import pytest

ENV = "IPRINT_TEST_PG"


def admin_url():
    url = os.environ.get(ENV, "").strip()
    if not url:
        from tests.conftest import missing_tool
        missing_tool("no PostgreSQL server for these tests: {} is not set (scripts/test.sh "
                     "starts one with scripts/pg_server.sh)".format(ENV))
    return url


def url_of(name):
    base = admin_url().rsplit("/", 1)[0]
    return "{}/{}".format(base, name)


def _admin():
    import pg8000.dbapi

    from app.storage.server import parse_url
    args = parse_url(admin_url())
    conn = pg8000.dbapi.connect(**args)
    conn.autocommit = True
    return conn


def create(prefix="t", template=None):
    """A new database's URL; `template`: a database name whose contents it starts with."""
    return create_named("{}_{}".format(prefix, uuid.uuid4().hex[:12]), template)


def create_named(name, template=None):
    conn = _admin()
    try:
        # "C" as the shop's server is told to be made (docs/build.md); template0 takes any locale
        sql = ('CREATE DATABASE "{}" TEMPLATE "{}"'.format(name, template) if template else
               'CREATE DATABASE "{}" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C\' '
               'LC_CTYPE \'C\''.format(name))
        conn.cursor().execute(sql)
    finally:
        conn.close()
    return url_of(name)


def drop(url):
    name = url.rsplit("/", 1)[1]
    conn = _admin()
    try:
        conn.cursor().execute('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name))
    finally:
        conn.close()


@pytest.fixture
def server_db_url():
    """An empty database on the test server, dropped after the test."""
    url = create()
    yield url
    drop(url)
