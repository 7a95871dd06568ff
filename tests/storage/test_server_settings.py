"""This PC's way to the shop (issue 21.8): the server's settings and its password, kept for this
PC user only (the password apart, sealed: DPAPI on Windows, proven by the Windows build's
self-test under Wine; an owner-only file here), and the address every command then uses."""
import os
import stat
import subprocess
import sys

import pytest

from app import config, server_settings
from app.domain.errors import FieldErrors, ValidationError
from app.storage.server import parse_url


def test_saved_settings_give_the_address_and_keep_the_password_apart():
    assert server_settings.saved_url() is None  # nothing saved: this PC's own file
    settings = server_settings.checked(" shop-server ", "", "iprint", "iprint")
    assert settings == {"host": "shop-server", "port": 5432, "database": "iprint",
                        "user": "iprint"}
    server_settings.save(settings, "p@ss:w/rd ü")
    url = server_settings.saved_url()
    args = parse_url(url)  # the odd characters survive the address
    assert (args["host"], args["port"], args["database"], args["user"], args["password"]) == (
        "shop-server", 5432, "iprint", "iprint", "p@ss:w/rd ü")
    home = config.data_dir()
    assert "p@ss" not in (home / "server.json").read_text(encoding="utf-8")
    for name in ("server.json", "server.secret"):
        assert stat.S_IMODE(os.stat(str(home / name)).st_mode) == 0o600
    server_settings.forget()
    assert server_settings.saved_url() is None


def test_a_damaged_settings_file_means_this_pcs_own_file():
    home = config.data_dir()
    os.makedirs(str(home), exist_ok=True)
    (home / "server.json").write_text("{not json", encoding="utf-8")
    assert server_settings.load() is None and server_settings.saved_url() is None
    (home / "server.json").write_text('{"host": "a/b", "port": 5432, "database": "x", '
                                      '"user": "y"}', encoding="utf-8")
    assert server_settings.saved_url() is None


@pytest.mark.parametrize("values, fields", [
    (("", "5432", "iprint", "iprint"), {"server.host"}),
    (("a b", "0", "", "iprint"), {"server.host", "server.port", "server.database"}),
    (("srv", "65536", "iprint", "x" * 64), {"server.port", "server.user"}),
    (("srv", "port", "iprint", ""), {"server.port", "server.user"}),
])
def test_bad_settings_are_named_field_by_field(values, fields):
    with pytest.raises((ValidationError, FieldErrors)) as info:
        server_settings.checked(*values)
    errors = getattr(info.value, "errors", [info.value])
    assert {e.field for e in errors} == fields


def test_commands_without_db_go_to_the_saved_server():
    server_settings.save(server_settings.checked("127.0.0.1", "1", "iprint", "iprint"), "pw-9")
    proc = subprocess.run([sys.executable, "-m", "app", "check"], capture_output=True,
                          text=True, env=dict(os.environ, IPRINT_LANG="en"), timeout=120)
    assert proc.returncode == 2  # the saved server does not answer: said, no password
    assert "postgresql://iprint:***@127.0.0.1:1/iprint" in proc.stderr
    assert "pw-9" not in proc.stderr and "Traceback" not in proc.stderr
