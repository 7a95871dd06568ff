"""Numbered migrations. The version lives in PRAGMA user_version and in schema_migrations.

Never edit a released migration: add the next number. Money columns end in _tiyn (integers).
Migrating is not opening (app.storage.db connects) nor seeding (app.storage.opening creates a
new database whole: these migrations and the default catalog in one transaction).
"""
from typing import Callable, List, Sequence, Tuple, Union

from app.domain import clock
from app.storage.db import Database

PRODUCT_TYPES_SQL = "('printing','blank','journal','label')"
STATUSES_SQL = ("('new','quoted','approved','prepress','production','ready','delivered','paid',"
                "'cancelled')")

V1 = [
    """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL)""",
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE
            CHECK (length(username) BETWEEN 1 AND 64),
        full_name TEXT NOT NULL DEFAULT '' CHECK (length(full_name) <= 200),
        role TEXT NOT NULL CHECK (role IN ('admin','manager')),
        password_hash TEXT NOT NULL CHECK (length(password_hash) > 20),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)),
        failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until TEXT,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        bin TEXT CHECK (bin IS NULL OR (length(bin) = 12 AND bin NOT GLOB '*[^0-9]*')),
        contact_person TEXT NOT NULL DEFAULT '' CHECK (length(contact_person) <= 200),
        phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
        email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
        address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
        discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999),
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
        search TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1)""",
    "CREATE UNIQUE INDEX customers_bin ON customers(bin) WHERE bin IS NOT NULL",
    "CREATE INDEX customers_name ON customers(name COLLATE NOCASE)",
    """CREATE TABLE papers (
        code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        width_mm INTEGER NOT NULL CHECK (width_mm BETWEEN 1 AND 5000),
        height_mm INTEGER NOT NULL CHECK (height_mm BETWEEN 1 AND 5000),
        gsm INTEGER NOT NULL CHECK (gsm BETWEEN 1 AND 2000),
        price_tiyn INTEGER NOT NULL CHECK (price_tiyn >= 0),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)))""",
    """CREATE TABLE presses (
        code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        rate_per_hour_tiyn INTEGER NOT NULL CHECK (rate_per_hour_tiyn >= 0),
        setup_min TEXT NOT NULL,
        impressions_per_hour INTEGER NOT NULL CHECK (impressions_per_hour > 0),
        max_width_mm INTEGER NOT NULL CHECK (max_width_mm > 0),
        max_height_mm INTEGER NOT NULL CHECK (max_height_mm > 0),
        margin_mm INTEGER NOT NULL CHECK (margin_mm >= 0),
        colours_per_pass INTEGER NOT NULL CHECK (colours_per_pass BETWEEN 1 AND 8),
        max_colours_per_side INTEGER NOT NULL CHECK (max_colours_per_side BETWEEN 1 AND 8),
        click_colour_tiyn INTEGER NOT NULL CHECK (click_colour_tiyn >= 0),
        click_mono_tiyn INTEGER NOT NULL CHECK (click_mono_tiyn >= 0),
        form_price_tiyn INTEGER NOT NULL CHECK (form_price_tiyn >= 0),
        makeready_waste_sheets INTEGER NOT NULL CHECK (makeready_waste_sheets >= 0),
        run_waste_pct TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)))""",
    """CREATE TABLE equipment (
        code TEXT PRIMARY KEY CHECK (code IN ('guillotine','laminator','numbering','manual','label_printer')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        rate_per_hour_tiyn INTEGER NOT NULL CHECK (rate_per_hour_tiyn >= 0),
        setup_min TEXT NOT NULL,
        speed_per_hour TEXT NOT NULL,
        param TEXT NOT NULL)""",
    """CREATE TABLE materials (
        code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
        kind TEXT NOT NULL CHECK (kind IN ('ribbon','foil','film','cover','kit')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        unit TEXT NOT NULL CHECK (unit IN ('m','m2','pcs')),
        price_tiyn INTEGER NOT NULL CHECK (price_tiyn >= 0),
        labour_min TEXT NOT NULL DEFAULT '0',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)))""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    # every change of catalog or settings freezes a copy: orders point at the one they were
    # quoted with, so actual costs use the same rates and old orders never get re-priced
    """CREATE TABLE catalog_versions (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        body TEXT NOT NULL)""",
    """CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        product_type TEXT NOT NULL CHECK (product_type IN """ + PRODUCT_TYPES_SQL + """),
        status TEXT NOT NULL CHECK (status IN """ + STATUSES_SQL + """),
        title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        created_at TEXT NOT NULL,
        due_date TEXT,
        finished_at TEXT,
        paid_at TEXT,
        manager_id INTEGER REFERENCES users(id),
        catalog_version_id INTEGER NOT NULL REFERENCES catalog_versions(id),
        estimate BLOB NOT NULL,
        est_direct_tiyn INTEGER NOT NULL CHECK (est_direct_tiyn >= 0),
        est_cost_tiyn INTEGER NOT NULL CHECK (est_cost_tiyn >= 0),
        price_net_tiyn INTEGER NOT NULL CHECK (price_net_tiyn >= 0),
        vat_tiyn INTEGER NOT NULL CHECK (vat_tiyn >= 0),
        price_gross_tiyn INTEGER NOT NULL CHECK (price_gross_tiyn = price_net_tiyn + vat_tiyn),
        actual BLOB,
        act_direct_tiyn INTEGER CHECK (act_direct_tiyn IS NULL OR act_direct_tiyn >= 0),
        act_overhead_tiyn INTEGER CHECK (act_overhead_tiyn IS NULL OR act_overhead_tiyn >= 0),
        overhead_allocated INTEGER NOT NULL DEFAULT 0 CHECK (overhead_allocated IN (0,1)),
        press TEXT NOT NULL DEFAULT '',
        est_press_dmin INTEGER NOT NULL DEFAULT 0 CHECK (est_press_dmin >= 0),
        act_press_dmin INTEGER CHECK (act_press_dmin IS NULL OR act_press_dmin >= 0),
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
        search TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        CHECK ((act_direct_tiyn IS NULL) = (actual IS NULL)))""",
    "CREATE INDEX orders_created ON orders(created_at)",
    "CREATE INDEX orders_status_created ON orders(status, created_at)",
    "CREATE INDEX orders_customer_created ON orders(customer_id, created_at)",
    "CREATE INDEX orders_type_created ON orders(product_type, created_at)",
    "CREATE INDEX orders_manager_created ON orders(manager_id, created_at)",
    "CREATE INDEX orders_finished ON orders(finished_at) WHERE finished_at IS NOT NULL",
    # a text search scans this small index instead of the wide order rows
    "CREATE INDEX orders_search ON orders(search, customer_id)",
    """CREATE TABLE order_status_log (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        from_status TEXT,
        to_status TEXT NOT NULL,
        at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id))""",
    "CREATE INDEX order_status_log_order ON order_status_log(order_id)",
    """CREATE TABLE order_numbers (
        year INTEGER PRIMARY KEY,
        last INTEGER NOT NULL CHECK (last >= 0))""",
    # invoice numbers are sequential per year and never reused, like order numbers
    """CREATE TABLE invoices (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        number TEXT NOT NULL UNIQUE,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        created_at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        total_tiyn INTEGER NOT NULL CHECK (total_tiyn >= 0),
        UNIQUE (year, seq))""",
    """CREATE TABLE indirect_costs (
        month TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        amount_tiyn INTEGER NOT NULL CHECK (amount_tiyn >= 0),
        note TEXT NOT NULL DEFAULT '',
        allocated_at TEXT,
        orders_count INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        username TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        entity TEXT NOT NULL DEFAULT '',
        entity_id TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX audit_log_at ON audit_log(at)",
    # the audit log is append-only whatever code runs against the file
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]

# Stock of materials, reservations for approved orders, staff and their orders (issue #8).
# Quantities are integers in thousandths of the unit (sheets, m, m², pcs), so 1.5 m is exact.
V2 = [
    """CREATE TABLE stock_moves (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        item_kind TEXT NOT NULL CHECK (item_kind IN ('paper','material')),
        code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('receipt','adjustment','write_off','correction','return')),
        qty_milli INTEGER NOT NULL,
        price_tiyn INTEGER CHECK (price_tiyn IS NULL OR price_tiyn >= 0),
        supplier TEXT NOT NULL DEFAULT '' CHECK (length(supplier) <= 200),
        document TEXT NOT NULL DEFAULT '' CHECK (length(document) <= 100),
        reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
        order_id INTEGER REFERENCES orders(id),
        user_id INTEGER REFERENCES users(id),
        CHECK (kind != 'receipt' OR qty_milli > 0),
        CHECK (kind != 'write_off' OR qty_milli < 0),
        CHECK (kind != 'adjustment' OR length(reason) > 0))""",
    "CREATE INDEX stock_moves_item ON stock_moves(item_kind, code, at)",
    "CREATE INDEX stock_moves_order ON stock_moves(order_id) WHERE order_id IS NOT NULL",
    "CREATE INDEX stock_moves_at ON stock_moves(at)",
    """CREATE TABLE stock_reservations (
        order_id INTEGER NOT NULL REFERENCES orders(id),
        item_kind TEXT NOT NULL CHECK (item_kind IN ('paper','material')),
        code TEXT NOT NULL,
        qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),
        PRIMARY KEY (order_id, item_kind, code))""",
    """CREATE TABLE stock_levels (
        item_kind TEXT NOT NULL CHECK (item_kind IN ('paper','material')),
        code TEXT NOT NULL,
        min_milli INTEGER NOT NULL CHECK (min_milli >= 0),
        PRIMARY KEY (item_kind, code))""",
    """CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        role TEXT NOT NULL CHECK (role IN ('designer','press_operator','shop_master','finisher')),
        phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)))""",
    """CREATE TABLE order_performers (
        order_id INTEGER NOT NULL REFERENCES orders(id),
        staff_id INTEGER NOT NULL REFERENCES staff(id),
        PRIMARY KEY (order_id, staff_id))""",
    "CREATE INDEX order_performers_staff ON order_performers(staff_id)",
]

# Version checks on the records administrators edit (issue 16 item 8): two of them editing
# the same paper or user overwrote each other; the shop's settings and requisites keep their
# versions in the settings table (version.settings, version.shop).
V3 = ["ALTER TABLE {} ADD COLUMN version INTEGER NOT NULL DEFAULT 1".format(table)
      for table in ("users", "papers", "presses", "equipment", "materials")]

# VAT by date and by kind of product (issue 19): the rate history, a category per product
# type. Existing orders keep the rate their estimate snapshot was frozen with.
V4 = [
    """CREATE TABLE vat_rates (
        category TEXT NOT NULL CHECK (category IN ('standard','reduced')),
        valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),
        pct TEXT NOT NULL,
        PRIMARY KEY (category, valid_from))""",
    # 12 % since 2009 up to 31.12.2025, 16 % from 01.01.2026 (Tax Code No. 214-VIII); no
    # reduced rate before 2026 (the standard one applied), 10 % from 2026
    "INSERT INTO vat_rates(category, valid_from, pct) VALUES ('standard', '2009-01-01', '12')",
    "INSERT INTO vat_rates(category, valid_from, pct) VALUES ('standard', '2026-01-01', '16')",
    "INSERT INTO vat_rates(category, valid_from, pct) VALUES ('reduced', '2009-01-01', '12')",
    "INSERT INTO vat_rates(category, valid_from, pct) VALUES ('reduced', '2026-01-01', '10')",
    # the orders frozen before this change keep their figures: made later, they are not
    # re-rated by their turnover date (app.services.orders.vat_at_turnover)
    "INSERT INTO settings(key, value) SELECT 'vat.frozen_upto_order', "
    "CAST(COALESCE(MAX(id), 0) AS TEXT) FROM orders",
] + ["INSERT INTO settings(key, value) VALUES ('vat_{}', 'standard') "
     "ON CONFLICT(key) DO NOTHING".format(p) for p in ("printing", "blank", "journal", "label")]

# Closing the sale (issue 19 item 5): the act of completed works Р-1 and the waybill З-2,
# numbered per kind and year from a counter that only grows; the orders a document closes; the
# turnover date (the day the work is handed over) on the order; the default document of each
# product type (docs/decisions.md, "Closing the sale").
V5 = [
    "ALTER TABLE orders ADD COLUMN turnover_date TEXT",
    """CREATE TABLE document_numbers (
        kind TEXT NOT NULL CHECK (kind IN ('act','waybill')),
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 0),
        PRIMARY KEY (kind, year))""",
    """CREATE TABLE closing_documents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('act','waybill')),
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        number TEXT NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        issued_at TEXT NOT NULL,
        issued_by INTEGER REFERENCES users(id),
        net_tiyn INTEGER NOT NULL CHECK (net_tiyn >= 0),
        vat_tiyn INTEGER NOT NULL CHECK (vat_tiyn >= 0),
        gross_tiyn INTEGER NOT NULL CHECK (gross_tiyn = net_tiyn + vat_tiyn),
        UNIQUE (kind, year, seq),
        UNIQUE (kind, number))""",
    "CREATE INDEX closing_documents_customer ON closing_documents(customer_id, issued_at)",
    """CREATE TABLE closing_document_orders (
        document_id INTEGER NOT NULL REFERENCES closing_documents(id),
        order_id INTEGER NOT NULL REFERENCES orders(id),
        PRIMARY KEY (document_id, order_id))""",
    "CREATE INDEX closing_document_orders_order ON closing_document_orders(order_id)",
] + ["INSERT INTO settings(key, value) VALUES ('closing.kind.{}', '{}') "
     "ON CONFLICT(key) DO NOTHING".format(p, k)
     for p, k in (("printing", "act"), ("blank", "waybill"), ("journal", "waybill"),
                  ("label", "waybill"))]

# Money in (issue 20): an append-only ledger of payments and their allocations to invoices.
# A mistake is reversed by a counter-entry (negative amount, reverses_id) with negative
# counter-allocations, so every balance is a plain sum. A payment read from a bank statement
# keeps the payer's account, the bank's document date and number: with the amount they are
# the key that makes a second import of the same statement add nothing.
V6 = [
    """CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        amount_tiyn INTEGER NOT NULL CHECK (amount_tiyn != 0),
        method TEXT NOT NULL CHECK (method IN ('bank','kaspi','card','cash')),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        reference TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 500),
        bank_account TEXT,
        bank_date TEXT,
        bank_number TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        reverses_id INTEGER UNIQUE REFERENCES payments(id),
        CHECK ((reverses_id IS NULL) = (amount_tiyn > 0)))""",
    "CREATE INDEX payments_customer ON payments(customer_id, date)",
    """CREATE UNIQUE INDEX payments_bank_key ON payments(bank_account, bank_date, bank_number,
        amount_tiyn) WHERE bank_number IS NOT NULL""",
    """CREATE TABLE allocations (
        id INTEGER PRIMARY KEY,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        amount_tiyn INTEGER NOT NULL CHECK (amount_tiyn != 0))""",
    "CREATE INDEX allocations_payment ON allocations(payment_id)",
    "CREATE INDEX allocations_invoice ON allocations(invoice_id)",
    "CREATE INDEX invoices_order ON invoices(order_id)",
    # a customer's open invoices without reading the many orders paid long ago
    "CREATE INDEX orders_customer_status ON orders(customer_id, status)",
]

# A register of contracts per customer (issue 19 item 3); an invoice keeps the one it refers
# to (none: "без договора").
V7 = [
    """CREATE TABLE contracts (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
        signed_on TEXT NOT NULL CHECK (length(signed_on) = 10),
        subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 500),
        valid_until TEXT CHECK (valid_until IS NULL OR
                                (length(valid_until) = 10 AND valid_until >= signed_on)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        UNIQUE (customer_id, number, signed_on))""",
    "CREATE INDEX contracts_customer ON contracts(customer_id, signed_on)",
    "ALTER TABLE invoices ADD COLUMN contract_id INTEGER REFERENCES contracts(id)",
]

# The e-invoice (ЭСФ, issue 19 item 6): one ESF per closing document (act or waybill), kept
# with when and to which file it was last exported and the registration number the portal
# gave it. The origin-of-goods code of each product type and whether a shop that is not a VAT
# payer exports ESF are settings (docs/decisions.md, "The e-invoice").
V8 = [
    """CREATE TABLE esf_invoices (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL UNIQUE REFERENCES closing_documents(id),
        exported_at TEXT NOT NULL,
        exported_by INTEGER REFERENCES users(id),
        file TEXT NOT NULL CHECK (length(file) BETWEEN 1 AND 1000),
        exports INTEGER NOT NULL DEFAULT 1 CHECK (exports > 0),
        registration_number TEXT CHECK (registration_number IS NULL OR
                                        length(registration_number) BETWEEN 1 AND 100),
        registered_at TEXT,
        registered_by INTEGER REFERENCES users(id))""",
    """CREATE UNIQUE INDEX esf_invoices_registration ON esf_invoices(registration_number)
        WHERE registration_number IS NOT NULL""",
    # the period's closing documents and the closing list's turned-over orders
    "CREATE INDEX closing_documents_issued ON closing_documents(issued_at)",
    "CREATE INDEX orders_turnover ON orders(turnover_date) WHERE turnover_date IS NOT NULL",
    "INSERT INTO settings(key, value) VALUES ('esf.non_payer', 'none') "
    "ON CONFLICT(key) DO NOTHING",
] + ["INSERT INTO settings(key, value) VALUES ('esf.origin.{}', '{}') "
     "ON CONFLICT(key) DO NOTHING".format(p, code)
     # 5: works and services (printing to the customer's design, closed by an act); 4: goods
     # of the shop's own making (blanks, journals, labels, released by a waybill)
     for p, code in (("printing", "5"), ("blank", "4"), ("journal", "4"), ("label", "4"))]

# Acts and waybills refer to a contract like the invoice (issue 19 item 3); each product type
# has a code, the invoice's Код column (item 4), data the administrator edits.
V9 = [
    "ALTER TABLE closing_documents ADD COLUMN contract_id INTEGER REFERENCES contracts(id)",
] + ["INSERT INTO settings(key, value) VALUES ('product.code.{}', '{}') "
     "ON CONFLICT(key) DO NOTHING".format(p, c)
     for p, c in (("printing", "00001"), ("blank", "00002"), ("journal", "00003"),
                  ("label", "00004"))]

# Customers on hold and cash receipts (issue 20 items 3 and 7): a customer's own limit of
# overdue debt (NULL parts: the shop's, in the settings hold.amount_tiyn / hold.days); the
# incoming cash orders (КО-1), one per cash payment, numbered per year from a counter that only
# grows (as document_numbers, whose kinds are fixed by its CHECK); the accounts the order names.
V10 = [
    """CREATE TABLE customer_holds (
        customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
        amount_tiyn INTEGER CHECK (amount_tiyn IS NULL OR amount_tiyn >= 0),
        days INTEGER CHECK (days IS NULL OR days >= 0))""",
    """CREATE TABLE cash_order_numbers (
        year INTEGER PRIMARY KEY,
        last INTEGER NOT NULL CHECK (last >= 0))""",
    """CREATE TABLE cash_orders (
        id INTEGER PRIMARY KEY,
        payment_id INTEGER NOT NULL UNIQUE REFERENCES payments(id),
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        number TEXT NOT NULL UNIQUE,
        issued_at TEXT NOT NULL,
        issued_by INTEGER REFERENCES users(id),
        UNIQUE (year, seq))""",
    "INSERT INTO settings(key, value) VALUES ('cash.debit_account', '1010') "
    "ON CONFLICT(key) DO NOTHING",
    "INSERT INTO settings(key, value) VALUES ('cash.credit_account', '1210') "
    "ON CONFLICT(key) DO NOTHING",
]

# Portable SQL (issue 21's groundwork, docs/decisions.md): the three tables whose definitions
# only SQLite reads are made anew with the same columns and rows. A login is unique without
# regard to ASCII case as before (NOCASE: an index on lower(), which folds the same letters);
# customers are listed by lower(name); the BIN and the month are checked with ltrim() and
# substr() instead of GLOB. The old tables' rows are copied aside, the table dropped, made anew
# and refilled: with foreign keys deferred, the orders, payments... that point at a user or a
# customer find the same ids again before the transaction commits.
_DIGITS = "'0123456789'"
V11_TABLES = {
    "users": ("""CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
        full_name TEXT NOT NULL DEFAULT '' CHECK (length(full_name) <= 200),
        role TEXT NOT NULL CHECK (role IN ('admin','manager')),
        password_hash TEXT NOT NULL CHECK (length(password_hash) > 20),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)),
        failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1)""",
              ["CREATE UNIQUE INDEX users_username ON users(lower(username))"]),
    "customers": ("""CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        bin TEXT CHECK (bin IS NULL OR (length(bin) = 12 AND ltrim(bin, """ + _DIGITS + """) = '')),
        contact_person TEXT NOT NULL DEFAULT '' CHECK (length(contact_person) <= 200),
        phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
        email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
        address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
        discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999),
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
        search TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1)""",
                  ["CREATE UNIQUE INDEX customers_bin ON customers(bin) WHERE bin IS NOT NULL",
                   "CREATE INDEX customers_name ON customers(lower(name))"]),
    "indirect_costs": ("""CREATE TABLE indirect_costs (
        month TEXT PRIMARY KEY CHECK (length(month) = 7 AND substr(month, 5, 1) = '-'
            AND substr(month, 6, 1) IN ('0', '1')
            AND ltrim(substr(month, 1, 4) || substr(month, 6, 2), """ + _DIGITS + """) = ''),
        amount_tiyn INTEGER NOT NULL CHECK (amount_tiyn >= 0),
        note TEXT NOT NULL DEFAULT '',
        allocated_at TEXT,
        orders_count INTEGER NOT NULL DEFAULT 0)""", []),
}


def v11(db: Database):
    """Each table of V11_TABLES made anew in place, its rows and ids kept."""
    # SQLite's own statements (a later engine layer has nothing to rebuild: its schema is made
    # portable from the start): foreign keys are checked at commit, not at the DROP
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table, (create, indexes) in V11_TABLES.items():
        columns = ", ".join(r[1] for r in db.all("SELECT * FROM pragma_table_info(?) "
                                                 "ORDER BY cid", (table,)))
        db.execute("CREATE TEMP TABLE v11_rows AS SELECT {} FROM {}".format(columns, table))
        db.execute("DROP TABLE " + table)
        db.execute(create)
        db.execute("INSERT INTO {0}({1}) SELECT {1} FROM v11_rows".format(table, columns))
        db.execute("DROP TABLE v11_rows")
        for statement in indexes:
            db.execute(statement)


MIGRATIONS = [
    (1, V1),
    (2, V2),
    (3, V3),
    (4, V4),
    (5, V5),
    (6, V6),
    (7, V7),
    (8, V8),
    (9, V9),
    (10, V10),
    (11, v11),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


Migration = Union[Sequence[str], Callable[[Database], None]]


def apply_migrations(db: Database, migrations: List[Tuple[int, Migration]], before=None):
    """Run every migration newer than PRAGMA user_version, each in its own transaction
    (a savepoint when the caller holds one: a new database is made in one transaction).

    `before(db, from_version)` runs once before the first pending migration (a backup)."""
    current = schema_version(db)
    on_server = getattr(db, "engine", "sqlite") == "postgresql"
    pending = [(v, m) for v, m in migrations if v > current]
    if pending and before is not None and current > 0:
        before(db, current)
    for version, migration in pending:
        with db.atomic():
            if on_server:
                _migrate_server(db, version, migration)
            elif callable(migration):
                migration(db)
            else:
                for statement in migration:
                    db.execute(statement)
            db.execute("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)",
                       (version, clock.now()))
            if not on_server:
                # PRAGMA takes no parameters; version is our own integer
                db.execute("PRAGMA user_version = {:d}".format(version))
    return current, schema_version(db)


def schema_version(db) -> int:
    """The version a database was migrated to: PRAGMA user_version on the file, the newest
    schema_migrations row on the shop's server (0: nothing yet)."""
    if getattr(db, "engine", "sqlite") != "postgresql":
        return db.scalar("PRAGMA user_version")
    from app.storage import server_schema
    if "schema_migrations" not in server_schema.server_tables(db):
        return 0
    return db.scalar("SELECT max(version) FROM schema_migrations") or 0


def _migrate_server(db, version, migration):
    """A migration newer than a server's schema: its statements, each made the server's
    (a server schema starts at the version that made it, so only migrations written after
    issue 21 arrive here, and those are plain statements: see docs/decisions.md)."""
    from app.storage import server_schema
    if callable(migration):
        raise server_schema.SchemaNotPortable(
            "migration {} rebuilds tables in SQLite's own way; the server needs its own "
            "statements".format(version))
    for statement in migration:
        db.execute(server_schema.statement_for_server(statement))


def migrate(db: Database, before=None):
    """Bring the file to the newest schema: (version before, version after).

    Seeds nothing: a file at version 0 is not ours to finish (app.storage.opening creates)."""
    return apply_migrations(db, MIGRATIONS, before=before)
