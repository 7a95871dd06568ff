"""Where this PC finds the shop (issue 21.8): its own file (nothing saved), or the shop's server,
as the first-start wizard saved it: server.json in the data folder (host, port, database, user)
and the password apart, for this user of the PC only: sealed with DPAPI (CryptProtectData,
bound to the Windows user) on Windows; elsewhere in a file only its owner may read (0600).

Without --db every command and the desktop app work on saved_url(), or on the PC's own file."""
import base64
import json
import os
import sys
from typing import Optional
from urllib.parse import quote

from app import config, private_files
from app.domain.errors import Collect, DomainError

FILE = "server.json"
SECRET = "server.secret"
DEFAULT_PORT = 5432
FIELDS = ("host", "port", "database", "user")


def _path(name) -> str:
    return str(config.data_dir() / name)


def checked(host, port, database, user) -> dict:
    """The four settings as the wizard's fields give them, or a ValidationError per field."""
    errors = Collect()
    host, database, user = (str(v or "").strip() for v in (host, database, user))
    if not host:
        errors.add("error.field.required", "server.host")
    elif len(host) > 253 or any(c in host for c in "/@?#[] ") or not host.isprintable():
        errors.add("error.server.host", "server.host")
    text = str(port if port is not None else "").strip() or str(DEFAULT_PORT)
    number = int(text) if text.isdigit() else 0
    if not 1 <= number <= 65535:
        errors.add("error.field.out_of_range", "server.port", low=1, high=65535)
    for value, field in ((database, "server.database"), (user, "server.user")):
        if not value:
            errors.add("error.field.required", field)
        elif len(value) > 63:
            errors.add("error.field.too_long", field, max=63)
    errors.done()
    return {"host": host, "port": number, "database": database, "user": user}


def url(settings: dict, password="") -> str:
    auth = quote(settings["user"], safe="")
    if password:
        auth += ":" + quote(password, safe="")
    host = settings["host"]
    if ":" in host and not host.startswith("["):  # an IPv6 address
        host = "[" + host + "]"
    return "postgresql://{}@{}:{}/{}".format(auth, host, int(settings["port"]),
                                             quote(settings["database"], safe=""))


def save(settings: dict, password: str) -> None:
    """Remember the shop's server for this PC user (the password sealed apart)."""
    private_files.make_folder(str(config.data_dir()))
    _write(_path(SECRET), base64.b64encode(_protect(password.encode("utf-8"))))
    _write(_path(FILE), json.dumps({k: settings[k] for k in FIELDS}, ensure_ascii=False,
                                   indent=1).encode("utf-8"))


def _write(path, data: bytes):
    temp = path + ".new"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, private_files.FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    private_files.restrict(temp)
    os.replace(temp, path)


def load() -> Optional[dict]:
    """The saved settings, or None (this PC works on its own file)."""
    try:
        with open(_path(FILE), encoding="utf-8") as fh:
            data = json.load(fh)
        return checked(*(data.get(k) for k in FIELDS))
    except (OSError, ValueError, AttributeError, TypeError, DomainError):
        return None


def password() -> str:
    try:
        with open(_path(SECRET), "rb") as fh:
            return _unprotect(base64.b64decode(fh.read())).decode("utf-8")
    except (OSError, ValueError):
        return ""


def saved_url() -> Optional[str]:
    settings = load()
    return url(settings, password()) if settings else None


def forget() -> None:
    """Back to this PC's own file."""
    for name in (FILE, SECRET):
        try:
            os.remove(_path(name))
        except OSError:
            pass


# --- DPAPI: the password readable by this Windows user only --------------------------------

def _blob_functions():
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    crypt32 = ctypes.windll.crypt32
    kernel32 = ctypes.windll.kernel32

    def call(fn, data):
        src = ctypes.create_string_buffer(data, len(data))
        blob_in = Blob(len(data), ctypes.cast(src, ctypes.POINTER(ctypes.c_char)))
        blob_out = Blob()
        # no entropy, no prompt (CRYPTPROTECT_UI_FORBIDDEN = 1)
        if not fn(ctypes.byref(blob_in), None, None, None, None, 1, ctypes.byref(blob_out)):
            raise ValueError("DPAPI refused: {}".format(ctypes.GetLastError()))
        try:
            return ctypes.string_at(blob_out.pbData, blob_out.cbData)
        finally:
            kernel32.LocalFree(blob_out.pbData)

    def protect(data):
        return call(crypt32.CryptProtectData, data)

    def unprotect(data):
        return call(crypt32.CryptUnprotectData, data)

    return protect, unprotect


def _protect(data: bytes) -> bytes:
    if sys.platform.startswith("win"):
        return b"dpapi:" + _blob_functions()[0](data)
    return b"plain:" + data  # the file's 0600 is the lock


def _unprotect(blob: bytes) -> bytes:
    if blob.startswith(b"dpapi:"):
        return _blob_functions()[1](blob[6:])
    if blob.startswith(b"plain:"):
        return blob[6:]
    raise ValueError("not a saved password")
