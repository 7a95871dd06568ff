"""Stock and performers' reports (issue #8): each document and export reopened and checked
against the services that the stock screen and the work report show."""
import csv
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from app.domain.errors import ValidationError
from app.domain.money import q2
from app.i18n import t
from app.services import (
    catalog,
    exports,
    order_documents,
    orders,
    report_documents,
    staff,
    stock,
    stock_documents,
)
from app.services.document_files import folder_language
from app.storage import stock as stock_db
from tests.costing.specs import LABELS
from tests.reports.conftest import CARDS, docx_text, needs_soffice, pdf_pages, pdf_text, table_rows, to_pdf

EVIL = "=cmd|' /C calc'!A0"
PAPER = "coated-300-sra3"


def number(text) -> Decimal:
    """'1 234,5' (spaces or no-break spaces, decimal comma, maybe ' *') -> Decimal."""
    clean = text.replace("\u00a0", "").replace(" ", "").replace("*", "").replace(",", ".")
    return Decimal(clean.lstrip("+"))


def tables_by_header(path, first_header):
    doc = Document(str(path))
    return [table_rows(tbl) for tbl in doc.tables
            if tbl.rows and tbl.rows[0].cells[0].text == first_header]


def names(session):
    cat = catalog.get_catalog(session)
    out = {("paper", p.code): p.name for p in cat.papers.values()}
    out.update({("material", m.code): m.name for m in cat.materials.values()})
    return out


@pytest.fixture(autouse=True)
def documents_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "documents"))


@pytest.fixture
def floor(admin, manager, customer, requisites):
    """Receipts at two prices, a stock-taking, minimum levels, and four orders: made with
    actual figures (A), a label run in production (B), approved and reserving (C), taken to
    production and cancelled (D). Performers on A (two) and B (one)."""
    stock.receive(manager, "paper", PAPER, "500", "90.00", "ТОО «Қағаз әлемі»", "РН-1",
                  at="2025-01-10")
    stock.receive(manager, "paper", PAPER, "300", "95.50", EVIL, "РН-2", at="2025-02-10")
    stock.receive(manager, "material", "satin-30", "1000", "40", "ТОО «Таспа»", "РН-3",
                  at="2025-01-15")
    stock.receive(manager, "material", "foil", "1000", "15", at="2025-01-15")
    stock.stock_take(admin, "material", "satin-30", "990", "пересчёт")
    stock.set_min_level(admin, "paper", PAPER, "1000")
    stock.set_min_level(admin, "material", "cover-hard", "5")

    def run(spec, moves):
        # created as a quote and then approved: orders.create(status="approved") does not
        # reserve (reported to the lead), change_status does
        o = orders.create(manager, spec, customer.id, status="quoted")
        for status in ("approved",) + moves:
            o = orders.change_status(manager, o.id, o.version, status)
        return o
    a = run(CARDS, ("production", "ready"))
    a = orders.record_actual(manager, a.id, a.version, {"gross_sheets": 55})
    b = run(LABELS, ("production",))
    c = run(dict(CARDS, quantity=2000), ())
    d = run(dict(LABELS, quantity=1000), ("production", "cancelled"))
    aliya = staff.add(admin, "Әлия Нұрова", "designer")
    viktor = staff.add(admin, "Виктор Ли", "press_operator")
    staff.assign(manager, a.id, [aliya, viktor])
    staff.assign(manager, b.id, [viktor])
    return {"a": a, "b": b, "c": c, "d": d, "today": manager.now()[:10]}


# ------------------------------------------------------------------ balance

def test_balance_document_shows_what_the_stock_service_says(manager, floor):
    path = stock_documents.stock_balance(manager, lang="ru").path
    assert path.parent.name == t("doc.folder.stock", folder_language()) and path.suffix == ".docx"
    text = docx_text(path)
    assert "ТОО «Баспа Әлемі»" in text and "БИН/ИИН 180940012348" in text
    assert t("doc.stock.balance.title", "ru") in text
    (rows,) = tables_by_header(path, "№")
    assert rows[0][1:] == [t("doc.stock.col.item", "ru"), t("doc.col.unit", "ru"),
                           "Остаток", "В резерве", "Доступно", "Минимум", "Отметка",
                           "Последняя цена, ₸", "Стоимость, ₸"]
    by_name = {r[1]: r for r in rows[1:-1]}
    service = stock.balance_table(manager)
    assert len(by_name) == len(service)
    value = Decimal(0)
    for r in service:
        row = by_name[r["name"]]
        assert number(row[3]) == r["on_hand"], r["name"]
        assert number(row[4]) == r["reserved"] and number(row[5]) == r["available"]
        assert number(row[6]) == r["minimum"]
        assert (row[7] == "ниже минимума") == (r["low"] and not r["negative"])
        if row[9] != "—":
            value += number(row[9])
    paper = by_name[names(manager)[("paper", PAPER)]]
    on_hand = [r for r in service if r["code"] == PAPER][0]["on_hand"]
    assert on_hand == 800 - 55  # two receipts, order A really used 55 sheets
    assert number(paper[4]) > 0  # order C reserves
    assert paper[8] == "95,50"  # the last purchase price
    assert number(paper[9]) == q2(on_hand * Decimal("95.50"))
    cover = by_name[names(manager)[("material", "cover-hard")]]
    assert cover[8].endswith(" *")  # never bought: the catalog's price, marked
    total = rows[-1]
    assert "Позиций: {}".format(len(service)) in total[1]
    assert number(total[-1]) == value


def test_balance_at_a_past_date_and_a_future_one(manager, floor):
    path = stock_documents.stock_balance(manager, at="2025-01-31", lang="en").path
    (rows,) = tables_by_header(path, "No.")
    paper = [r for r in rows if r[1] == names(manager)[("paper", PAPER)]][0]
    assert number(paper[3]) == 500 and paper[4] == "—"  # reservations: today only
    assert paper[8] == "90,00"  # the price of the last receipt up to that day
    assert t("doc.stock.balance.past_note", "en") in docx_text(path)
    with pytest.raises(ValidationError) as info:
        stock_documents.stock_balance(manager, at="2999-01-01")
    assert info.value.field == "date"
    with pytest.raises(ValidationError) as info:
        stock_documents.stock_balance(manager, at="31.01.2025")
    assert info.value.field == "date"


# ------------------------------------------------------------------ moves

def test_moves_of_a_period_with_turnover_and_purchases(manager, floor):
    today = floor["today"]
    path = stock_documents.stock_moves(manager, "2025-01-01", today, lang="en").path
    service = stock.moves(manager, "2025-01-01", today)
    (moves,) = tables_by_header(path, "Date")
    assert len(moves) == 1 + len(service) + 1  # header, moves, total
    kinds = {r[2] for r in moves[1:-1]}
    assert kinds == {"receipt", "write-off", "correction by actual", "return", "stock-taking"}
    evil = [r for r in moves if r[7] == EVIL][0]
    assert evil[3] == "+300" and evil[5] == "95,50" and number(evil[6]) == Decimal("28650.00")
    order_a = [r for r in moves if r[9] == floor["a"].number]
    assert {r[2] for r in order_a} == {"write-off", "correction by actual"}
    assert sum(number(r[3]) for r in order_a) == -55
    assert "пересчёт" in [r for r in moves if r[2] == "stock-taking"][0][8]
    assert {r[8] for r in moves if r[2] == "return"} == {"order cancelled"}
    purchases = Decimal("45000") + Decimal("28650") + Decimal("40000") + Decimal("15000")
    assert number(moves[-1][6]) == purchases
    (turnover,) = tables_by_header(path, "No.")
    closing = {r[1]: number(r[7]) for r in turnover[1:]}
    for r in stock.balance_table(manager):
        if r["on_hand"] or r["name"] in closing:
            assert closing[r["name"]] == r["on_hand"], r["name"]
    satin = [r for r in turnover if r[1] == names(manager)[("material", "satin-30")]][0]
    assert [number(x) for x in satin[3:8]] == [0, 1000, 301, -10, 689]


def test_moves_opening_balance_and_one_item(manager, floor):
    path = stock_documents.stock_moves(manager, "2025-02-01", None, "paper", PAPER, lang="ru").path
    (turnover,) = tables_by_header(path, "№")
    assert len(turnover) == 2
    row = turnover[1]
    assert [number(x) for x in row[3:8]] == [500, 300, 55, 0, 745]
    (moves,) = tables_by_header(path, "Дата")
    assert {r[1] for r in moves[1:-1]} == {names(manager)[("paper", PAPER)]}
    assert "материал: " + names(manager)[("paper", PAPER)] in docx_text(path)
    with pytest.raises(ValidationError) as info:
        stock_documents.stock_moves(manager, "2025-03-01", "2025-02-01")
    assert info.value.field == "date_to"


# ------------------------------------------------------------------ materials used

def test_materials_used_by_order_and_by_product_type(db, manager, floor):
    today = floor["today"]
    path = stock_documents.materials_used(manager, "2025-01-01", today, lang="ru").path
    item = names(manager)
    (by_order,) = tables_by_header(path, t("doc.register.col.number", "ru"))
    used = {}
    current = None
    for r in by_order[1:-1]:
        current = r[0] or current
        used[(current, r[3])] = number(r[4])
    a, b, d = floor["a"], floor["b"], floor["d"]
    assert used[(a.number, item[("paper", PAPER)])] == 55  # corrected to the actual figure
    assert used[(b.number, item[("material", "satin-30")])] == Decimal("301")
    assert not any(number == d.number for number, _ in used)  # cancelled: all given back
    for (number_, name), quantity in used.items():
        order = [o for o in (a, b) if o.number == number_][0]
        key = [k for k, v in item.items() if v == name][0]
        assert stock_db.used_by_order(db, order.id)[key] == quantity * 1000
    assert by_order[-1][0] == "Заказов: 2"
    (by_type,) = tables_by_header(path, t("doc.profit.col.type", "ru"))
    shown, current = {}, None
    for r in by_type[1:]:
        current = r[0] or current
        shown[(current, r[1])] = number(r[2])
    service = {(t("product." + r["product_type"], "ru"), item[(r["item_kind"], r["code"])]):
               stock.from_milli(r["qty_milli"])
               for r in stock.used_by_product_type(manager, "2025-01-01", today)
               if r["qty_milli"]}
    assert shown == service


# ------------------------------------------------------------------ what to buy

def test_what_to_buy_at_the_last_purchase_price(manager, floor):
    path = stock_documents.what_to_buy(manager, lang="kk").path
    assert "Сатып алу тізімі" in docx_text(path)
    (rows,) = tables_by_header(path, "№")
    service = stock.to_buy(manager)
    assert len(rows) == 1 + len(service) + 1
    by_name = {r[1]: r for r in rows[1:-1]}
    total = Decimal(0)
    for r in service:
        row = by_name[r["name"]]
        assert number(row[6]) == r["to_buy"]
        total += number(row[8])
    paper = by_name[names(manager)[("paper", PAPER)]]
    to_buy = [r for r in service if r["code"] == PAPER][0]["to_buy"]
    assert paper[7] == "95,50" and number(paper[8]) == q2(to_buy * Decimal("95.50"))
    assert by_name[names(manager)[("material", "cover-hard")]][7].endswith(" *")
    assert number(rows[-1][-1]) == total


# ------------------------------------------------------------------ performers

def test_performers_work_per_person_and_month(manager, floor):
    a = floor["a"]
    path = report_documents.performers_work(manager, "2025-01-01", floor["today"], lang="ru").path
    assert path.parent.name == t("doc.folder.performers", folder_language())
    (rows,) = tables_by_header(path, t("doc.work.col.performer", "ru"))
    month = floor["today"][5:7] + "." + floor["today"][:4]
    lines = [r for r in rows[1:] if r[2] == month]
    assert len(lines) == 2  # Әлия and Виктор made order A this month; B is not made yet
    report = staff.work_report(manager, "2025-01-01", floor["today"])
    assert {r["name"] for r in report} == {"Әлия Нұрова", "Виктор Ли"}
    for r in lines:
        assert number(r[3]) == 1 and number(r[5]) == a.estimate.price_net
    subtotals = [r for r in rows if r[0].startswith("Итого ")]
    assert {r[0] for r in subtotals} == {"Итого Әлия Нұрова", "Итого Виктор Ли"}
    assert [r for r in rows if r[0] == "Әлия Нұрова"][0][1] == "Дизайнер"
    last = rows[-1]
    assert last[0] == t("doc.work.total", "ru")
    assert number(last[3]) == 1  # order A once, though it has two performers
    assert number(last[5]) == a.estimate.price_net
    with pytest.raises(ValidationError):
        report_documents.performers_work(manager, "2025-02-30", None)


def test_job_ticket_names_the_performers(manager, floor):
    text = docx_text(order_documents.job_ticket(manager, floor["a"].id, lang="ru").path)
    assert "Исполнители" in text
    assert "Әлия Нұрова (дизайнер)" in text and "Виктор Ли (печатник)" in text
    text = docx_text(order_documents.job_ticket(manager, floor["c"].id, lang="kk").path)
    assert t("doc.ticket.performers", "kk") not in text  # none assigned: no empty line


# ------------------------------------------------------------------ exports

def test_exports_are_the_same_tables(manager, floor):
    today = floor["today"]
    path = exports.stock_balance(manager, fmt="xlsx", lang="ru").path
    assert path.suffix == ".xlsx" and path.parent.name == t("doc.folder.export", folder_language())
    ws = load_workbook(str(path)).active
    assert [c.value for c in ws[1]][:3] == ["Наименование", t("doc.col.unit", "ru"), "Остаток"]
    shown = {row[0].value: Decimal(str(row[2].value)) for row in ws.iter_rows(min_row=2)}
    assert shown == {r["name"]: r["on_hand"] for r in stock.balance_table(manager)}

    path = exports.stock_moves(manager, "2025-01-01", today, fmt="csv", lang="en").path
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + len(stock.moves(manager, "2025-01-01", today))
    suppliers = {r[7] for r in rows[1:]}
    assert "'" + EVIL in suppliers and EVIL not in suppliers  # never a formula

    path = exports.stock_moves(manager, "2025-01-01", today, fmt="xlsx", lang="en").path
    book = load_workbook(str(path))
    assert book.sheetnames == ["Moves", "Turnover by item"]
    cell = [c for c in book["Moves"]["H"] if c.value == EVIL][0]
    assert cell.data_type == "s"

    path = exports.materials_used(manager, "2025-01-01", today, fmt="xlsx", lang="kk").path
    book = load_workbook(str(path))
    assert len(book.sheetnames) == 3
    by_order = [[c.value for c in r] for r in book.worksheets[0].iter_rows(min_row=2)]
    assert [r for r in by_order if r[0] == floor["a"].number][0][4] == 55

    path = exports.what_to_buy(manager, fmt="csv", lang="ru").path
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + len(stock.to_buy(manager))

    path = exports.performers_work(manager, "2025-01-01", today, fmt="xlsx", lang="en").path
    ws = load_workbook(str(path)).active
    people = {row[0].value: row[3].value for row in ws.iter_rows(min_row=2)}
    assert people == {"Әлия Нұрова": 1, "Виктор Ли": 1}
    with pytest.raises(ValidationError) as info:
        exports.what_to_buy(manager, fmt="pdf")
    assert info.value.field == "format"


# ------------------------------------------------------------------ PDF

@needs_soffice
def test_stock_reports_convert_to_pdf_with_kazakh_letters(manager, floor, tmp_path):
    out = tmp_path / "pdf"
    out.mkdir()
    made = [stock_documents.stock_moves(manager, "2025-01-01", floor["today"], lang="kk").path,
            stock_documents.what_to_buy(manager, lang="kk").path]
    for path in made:
        pdf = to_pdf(path, out, tmp_path / "lo-profile")
        assert pdf_pages(pdf) == 1, path.name
    text = pdf_text(out / (made[0].stem + ".pdf"))
    assert "Материалдар қозғалысы" in text and "Материалдар бойынша айналым" in text
    assert "ТОО «Қағаз әлемі»" in text
