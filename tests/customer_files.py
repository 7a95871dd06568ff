"""Tables of customers as people send them, for the import tests (service, screen, command
line): an .xlsx writer, a clean table of any length, and one with three bad rows."""
HEADER = ["Наименование", "БИН/ИИН", "Контактное лицо", "Телефон", "Эл. почта", "Адрес",
          "Скидка, %"]
# file rows (the header is row 1) that are wrong, and the field each one names
BAD_ROWS = {4: "bin", 9: "email", 15: "discount_pct"}


def bin_of(i):
    """A made-up BIN with a valid control digit for row i (distinct for each i < 10**9)."""
    from app.domain.identifiers import make_bin
    for last in range(10):
        number = make_bin("{:010d}{}".format(1000000000 + i, last))
        if number is not None:
            return number


def good_rows(n):
    return [["ТОО «Клиент {:03d}»".format(i), bin_of(i),
             "Сапарова Әсел", "+7 701 000 {:02d} {:02d}".format(i // 100, i % 100),
             "client{}@mail.kz".format(i), "Алматы, Абая {}".format(i), i % 10]
            for i in range(1, n + 1)]


def with_bad_rows(n=20):
    rows = good_rows(n)
    rows[4 - 2][1] = "12345"  # a BIN/IIN of 5 digits
    rows[9 - 2][4] = "not an address"
    rows[15 - 2][6] = "150"  # a discount over 99.99 %
    return rows


def xlsx(path, rows, header=HEADER):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(str(path))
    return path
