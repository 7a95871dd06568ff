"""Importing customers from CSV and Excel: all rows or none, a clear error for a bad row or
a broken file, and hostile cells stored as plain text or refused."""
import csv
import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import DomainError, ValidationError
from app.i18n import catalog as i18n_catalog
from app.i18n import error_text
from app.services import audit_log, customer_import, customers
from tests.customer_files import xlsx
from tests.reliability import figures
from tests.reliability.conftest import fingerprint
from tests.reliability.test_hostile import FORMULA, SQL, STRANGE_TEXT

openpyxl = pytest.importorskip("openpyxl")

RU_HEADER = ["Наименование", "БИН/ИИН", "Контактное лицо", "Телефон", "Эл. почта", "Адрес", "Скидка, %"]
EN_HEADER = ["name", "bin", "contact_person", "phone", "email", "address", "discount_pct"]
KK_HEADER = ["Атауы", "БСН/ЖСН", "Байланыс тұлғасы", "Телефон", "Электрондық пошта", "Мекенжай",
             "Жеңілдік, %"]
ROWS = [["ТОО «Алтын Дән»", "123456789013", "Сапарова Әсел", "+7 701 123 45 67", "info@altyn.kz",
         "Алматы, Абая 1", "5"],
        ["ИП Ким", "", "Ким Виктор", "", "", "", "2,5"],
        ["АО \"Кітап; и К°\"", "210987654326", "", "8 (7172) 55-66-77", "", "Астана\nофис 3", ""]]


def _csv(path, header, rows, delimiter=";", bom=True):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _stored(session):
    return {c.name: c for c in customers.search(session, "", 1000)}


@pytest.mark.parametrize("header, delimiter, bom", [(RU_HEADER, ";", True), (EN_HEADER, ",", False),
                                                    (KK_HEADER, ";", False), (RU_HEADER, ",", True)])
def test_csv_import_in_any_header_language_and_delimiter(db, manager, tmp_path, header, delimiter, bom):
    path = _csv(tmp_path / "clients.csv", header, ROWS, delimiter, bom)
    result = customer_import.import_file(manager, path)
    assert result.imported == 3 and result.ignored_columns == ()
    got = _stored(manager)
    assert got["ТОО «Алтын Дән»"].bin == "123456789013"
    assert str(got["ТОО «Алтын Дән»"].discount_pct) == "5"
    assert str(got["ИП Ким"].discount_pct) == "2.5"
    assert got["АО \"Кітап; и К°\""].address == "Астана\nофис 3"
    rows = audit_log.search(_admin(db), action="customer.import")
    assert len(rows) == 1 and '"rows": 3' in rows[0]["details"]


def _admin(db):
    from app.services import auth
    from tests.conftest import ADMIN_PASSWORD
    return auth.login(db, "admin", ADMIN_PASSWORD)


def test_xlsx_import_with_numbers_as_excel_keeps_them(db, manager, tmp_path):
    rows = [["ТОО «Самұрық»", 123456789013, "Әлия", "+7 777 000 11 22", "a@b.kz", "Шымкент", 7.5],
            ["ИП Ли", None, None, None, None, None, 0]]
    path = xlsx(tmp_path / "clients.xlsx", [r + [i] for i, r in enumerate(rows)], RU_HEADER + ["№ п/п"])
    result = customer_import.import_file(manager, path)
    assert result.imported == 2 and result.ignored_columns == ("№ п/п",)
    got = _stored(manager)
    assert got["ТОО «Самұрық»"].bin == "123456789013"  # a number in Excel, text here
    assert str(got["ТОО «Самұрық»"].discount_pct) == "7.5"


def test_one_bad_row_stops_all_and_names_row_and_field(db, manager, tmp_path):
    rows = ROWS + [["ТОО Плохой БИН", "12345", "", "", "", "", ""]] + [["Хороший", "", "", "", "", "", ""]]
    path = _csv(tmp_path / "bad.csv", RU_HEADER, rows)
    before = fingerprint(db)
    with pytest.raises(ValidationError) as err:
        customer_import.import_file(manager, path)
    e = err.value
    assert (e.key, e.field, e.row, e.params["row"]) == ("error.id.bin_form", "bin", 5, 5)
    assert error_text(e, "ru") == "Строка 5: БИН/ИИН: БИН/ИИН — 12 цифр" or \
        ("5" in error_text(e, "ru") and "БИН/ИИН" in error_text(e, "ru"))
    assert "5" in error_text(e, "kk") and "5" in error_text(e, "en")
    assert fingerprint(db) == before  # the three good rows above it are not saved either


def test_a_bin_twice_in_the_file_or_already_known(db, manager, customer, tmp_path):
    before = fingerprint(db)
    twice = _csv(tmp_path / "twice.csv", EN_HEADER, [ROWS[1], ["A", "111111111110"] + [""] * 5,
                                                       ["B", "111111111110"] + [""] * 5])
    with pytest.raises(ValidationError) as err:
        customer_import.import_file(manager, twice)
    assert (err.value.key, err.value.field, err.value.row) == ("error.import.duplicate_bin", "bin", 4)
    known = _csv(tmp_path / "known.csv", EN_HEADER, [ROWS[1], ["Again", customer.bin] + [""] * 5])
    with pytest.raises(ValidationError) as err:
        customer_import.import_file(manager, known)
    assert (err.value.key, err.value.row) == ("error.customer.bin_taken", 3)
    assert fingerprint(db) == before


def test_preview_names_every_bad_row_and_commit_is_all_or_nothing(db, manager, customer, tmp_path):
    rows = [ROWS[1], ["ТОО Плохой БИН", "12345"] + [""] * 5, ["Известный", customer.bin] + [""] * 5,
            ["Хороший", "", "", "", "", "", "200"], ["Хороший 2"] + [""] * 6]
    path = _csv(tmp_path / "bad.csv", EN_HEADER, rows)
    before = fingerprint(db)
    preview = customer_import.preview(manager, path)
    assert [(r.row, r.error and (r.error.key, r.error.field)) for r in preview.rows] == [
        (2, None), (3, ("error.id.bin_form", "bin")), (4, ("error.customer.bin_taken", "bin")),
        (5, ("error.field.out_of_range", "discount_pct")), (6, None)]
    assert not preview.can_import and preview.rows[1].data["bin"] == "12345"  # as read
    with pytest.raises(ValidationError) as err:
        customer_import.commit(manager, preview)
    assert err.value.key == "error.import.has_errors" and err.value.params["rows"] == "3, 4, 5"
    assert fingerprint(db) == before
    good = customer_import.preview(manager, _csv(tmp_path / "good.csv", EN_HEADER, ROWS[1:]))
    assert good.can_import and fingerprint(db) == before  # a preview writes nothing
    assert customer_import.commit(manager, good).imported == 2
    assert set(_stored(manager)) == {r[0] for r in ROWS}


def _zip_bomb(path):
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(210):
                fh.write(block)
    return path


def _broken_files(tmp_path):
    out = []
    p = tmp_path / "random.xlsx"
    p.write_bytes(os.urandom(3000))
    out.append((p, "error.import.broken"))
    p = tmp_path / "text.xlsx"
    p.write_text("name;bin\nA;1")
    out.append((p, "error.import.broken"))
    p = tmp_path / "zip-not-excel.xlsx"
    with zipfile.ZipFile(str(p), "w") as zf:
        zf.writestr("hello.txt", "hi")
    out.append((p, "error.import.broken"))
    p = tmp_path / "truncated.xlsx"
    xlsx(tmp_path / "full.xlsx", ROWS, EN_HEADER)
    p.write_bytes((tmp_path / "full.xlsx").read_bytes()[:1500])
    out.append((p, "error.import.broken"))
    out.append((_zip_bomb(tmp_path / "bomb.xlsx"), "error.import.too_large_unpacked"))
    p = tmp_path / "customers.csv"  # a folder that looks like a file
    p.mkdir()
    out.append((p, "error.import.not_a_file"))
    p = tmp_path / "exports"
    p.mkdir()
    out.append((p, "error.import.not_a_file"))
    p = tmp_path / "cp1251.csv"
    p.write_bytes("Наименование;БИН\nТОО Ромашка;123456789013\n".encode("cp1251"))
    out.append((p, "error.import.encoding"))
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    out.append((p, "error.import.empty"))
    p = tmp_path / "header-only.csv"
    p.write_bytes("\ufeffНаименование;БИН\n".encode("utf-8"))
    out.append((p, "error.import.no_rows"))
    p = tmp_path / "no-name.csv"
    p.write_bytes("bin;phone\n123456789013;+7 701 000 00 00\n".encode("utf-8"))
    out.append((p, "error.import.no_name_column"))
    p = tmp_path / "two-names.csv"
    p.write_bytes("name;Наименование\nA;B\n".encode("utf-8"))
    out.append((p, "error.import.duplicate_column"))
    p = tmp_path / "quote.csv"
    p.write_bytes(b'name;bin\n"unterminated;123\n')
    out.append((p, "error.import.broken"))
    p = tmp_path / "nul.csv"
    p.write_bytes(b"name;bin\nA\x00B;1\n")
    out.append((p, "error.import.broken"))
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + os.urandom(100))
    out.append((p, "error.import.format"))
    p = tmp_path / "big.csv"
    with open(str(p), "wb") as fh:
        fh.truncate(customer_import.MAX_FILE_BYTES + 1)
    out.append((p, "error.import.too_large"))
    out.append((tmp_path / "missing.csv", "error.import.unreadable"))
    p = tmp_path / "many.csv"
    p.write_bytes(("name\n" + "".join("Клиент {}\n".format(i)
                                      for i in range(customer_import.MAX_ROWS + 1))).encode())
    out.append((p, "error.import.too_many_rows"))
    p = tmp_path / "wide.csv"
    p.write_bytes("name;bin\nA;;extra\n".encode())
    out.append((p, "error.import.extra_cells"))
    return out


def test_broken_files_get_a_clear_error_and_change_nothing(db, manager, tmp_path):
    before = fingerprint(db)
    for path, key in _broken_files(tmp_path):
        figures.hostile()
        with pytest.raises(ValidationError) as err:
            customer_import.import_file(manager, path)
        assert err.value.key == key, path.name
        assert err.value.key in i18n_catalog("kk") and err.value.key in i18n_catalog("ru")
        for lang in ("kk", "ru", "en"):
            assert "error." not in error_text(err.value, lang), (path.name, lang)
    assert fingerprint(db) == before


def test_the_messages_name_the_folder_and_the_limit_actually_hit(db, manager, tmp_path):
    folder = tmp_path / "Клиенты.xlsx"
    folder.mkdir()
    with pytest.raises(ValidationError) as err:
        customer_import.import_file(manager, folder)
    for lang in ("kk", "ru", "en"):
        assert "Клиенты.xlsx" in error_text(err.value, lang)
    with pytest.raises(ValidationError) as err:  # 210 MB unpacked: the 200 MB limit, not 20
        customer_import.import_file(manager, _zip_bomb(tmp_path / "bomb.xlsx"))
    for lang in ("kk", "ru", "en"):
        text = error_text(err.value, lang)
        assert "200" in text and "20 " not in text.replace("200", ""), text


@pytest.mark.parametrize("cell, column, key", [
    ("=cmd|' /C calc'!A0", "name", "error.import.formula"),
    ("+cmd|' /C calc'!A0", "contact_person", "error.import.formula"),
    ("-2+3+cmd|' /C calc'!A0", "address", "error.import.formula"),
    ("@SUM(A1:A9)", "name", "error.import.formula"),
    ("=HYPERLINK(\"http://x\",\"y\")", "email", "error.import.formula"),
    ("\t=1+1", "name", "error.import.control_char"),
    ("Имя\x07звонок", "name", "error.import.control_char"),
    ("ТОО\x1b[31mКрасный", "name", "error.import.control_char"),
    ("Две\nстроки", "name", "error.import.control_char"),
    ("x" * 10001, "name", "error.field.too_long"),
    ("x" * 201, "name", "error.field.too_long"),
    ("NaN", "discount_pct", "error.field.not_number"),
    ("-5", "discount_pct", "error.field.out_of_range"),
    ("1e999999999", "discount_pct", "error.field.not_number"),
    ("12345678901٢", "bin", "error.id.bin_form"),
    ("'; DROP TABLE customers;--", "email", "error.customer.email"),
])
def test_hostile_cells_are_refused_with_row_and_field(db, manager, tmp_path, cell, column, key):
    figures.hostile()
    row = {"name": "ТОО Тест", column: cell}
    path = _csv(tmp_path / "h.csv", EN_HEADER, [ROWS[1], [row.get(k, "") for k in EN_HEADER]])
    before = fingerprint(db)
    with pytest.raises(ValidationError) as err:
        customer_import.import_file(manager, path)
    assert (err.value.key, err.value.field, err.value.row) == (key, column, 3)
    assert fingerprint(db) == before


def test_sql_in_cells_is_stored_as_plain_text(db, manager, tmp_path):
    rows = [[text, "", "", "", "", "", ""] for text in SQL if text.strip()]
    path = _csv(tmp_path / "sql.csv", EN_HEADER, rows)
    assert customer_import.import_file(manager, path).imported == len(rows)
    assert set(_stored(manager)) == {r[0].strip() for r in rows}
    assert db.scalar("SELECT count(*) FROM orders") == 0  # the tables are all still there
    assert db.all("PRAGMA integrity_check")[0][0] == "ok"


# --- property-based: random files -----------------------------------------------------------

cells = st.one_of(st.sampled_from(SQL + FORMULA + STRANGE_TEXT + ["", "123456789013", "5", "-1",
                                                                   "1e5000", "NaN", "a@b.kz"]),
                  st.text(max_size=30))


@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(EN_HEADER + RU_HEADER + ["", "x", "name"]), min_size=1,
                       max_size=8),
       rows=st.lists(st.lists(cells, max_size=9), max_size=6),
       delimiter=st.sampled_from([";", ","]))
def test_random_csv_files_import_whole_or_not_at_all(db, manager, tmp_path_factory, header, rows,
                                                      delimiter):
    figures.hostile()
    path = _csv(tmp_path_factory.mktemp("csv") / "r.csv", header, rows, delimiter)
    before = fingerprint(db)
    count = len(customers.search(manager, "", 100000))
    try:
        result = customer_import.import_file(manager, path)
    except DomainError as err:
        assert err.key in i18n_catalog("en"), err.key
        assert err.field
        for lang in ("kk", "ru", "en"):
            error_text(err, lang)
        assert fingerprint(db) == before
        return
    assert len(customers.search(manager, "", 100000)) == count + result.imported
    for cid in result.customer_ids:
        c = customers.get(manager, cid)
        assert c.name and not c.name.startswith(("=", "@"))


@settings(max_examples=100, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), ext=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_never_crash_the_import(db, manager, tmp_path_factory, data, ext):
    figures.hostile()
    path = tmp_path_factory.mktemp("bytes") / ("f" + ext)
    path.write_bytes(data)
    before = fingerprint(db)
    try:
        customer_import.import_file(manager, path)
    except DomainError as err:
        assert err.key in i18n_catalog("en"), err.key
        assert fingerprint(db) == before
