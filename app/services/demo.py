"""A realistic demo database: the default catalog, users, customers and years of orders.

Deterministic for a seed. Built to be fast at 200,000 orders: job specs come from a pool of
realistic jobs, each costed once per price list; price terms vary per order through
`costing.reprice`; actual figures come from a few overrun classes, each costed by the real
engine (`costing.actual_direct`) and cached. Every figure stored is what the app itself
would compute for that spec and usage.
"""
import random
import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from app import costing
from app.domain import vat
from app.domain.catalog import Catalog
from app.domain.errors import Conflict
from app.domain.identifiers import make_bin, make_iik
from app.domain.job import JobSpec
from app.domain.money import q2, to_tiyn
from app.domain.records import Customer
from app.services import auth, demo_payments, shop
from app.services import stock as stock_service
from app.services.costs import split
from app.services.orders import actual_from_usage
from app.services.session import Session
from app.storage import catalog as catalog_db
from app.storage import customers as customers_db
from app.storage import indirect as indirect_db
from app.storage import orders as orders_db
from app.storage import staff as staff_db
from app.storage import stock as stock_db
from app.storage import users as users_db
from app.storage.db import Database

KK_NAMES = ["Алтын Дән", "Сәулет", "Қазақ Полиграф", "Ақ Жол", "Нұр Сауда", "Бәйтерек Групп",
            "Жетісу Агро", "Көктем", "Самұрық Логистик", "Арман Құрылыс", "Шаңырақ", "Ұлытау Тау",
            "Алатау Фарм", "Тұран Білім", "Дала Өнім", "Ертіс Су", "Іле Жарық", "Қайнар Медиа",
            "Мәртөбе", "Ордабасы", "Құлагер", "Төле би Сервис", "Жібек Жолы", "Ақсай Мектебі"]
RU_NAMES = ["Сибирь Принт", "Восток Трейд", "Металлург Сервис", "Степной Край", "Альфа Медицина",
            "Городская поликлиника №3", "Школа-гимназия №12", "Стройинвест", "Северный Ветер",
            "Автоцентр Луч", "Кафе Уют", "Фабрика Заря", "ТехноМир", "Агрофирма Родина",
            "Детский сад Солнышко", "Рекламное агентство Вектор", "Аптека Здоровье", "Энергосбыт",
            "Транспортная компания Путь", "Ресторан Орион"]
FORMS = ["ТОО «{}»", "ЖШС «{}»", "АО «{}»", "КГУ «{}»", "{}"]
PEOPLE = ["Ахметов Ерлан", "Сапарова Айгерим", "Ким Дмитрий", "Омарова Жанар", "Иванова Ольга",
          "Нұрланұлы Дәурен", "Сейітқали Әсел", "Петров Сергей", "Жұмабаев Қайрат",
          "Ералиева Гүлназ", "Смагулов Асхат", "Ли Виктория", "Бекова Мәдина", "Ткаченко Игорь"]
SOLE = ["ИП {}", "ЖК {}"]
STREETS = ["пр. Абая", "ул. Толе би", "пр. Республики", "ул. Кенесары", "пр. Назарбаева",
           "ул. Сәтпаева", "ул. Жібек Жолы", "пр. Райымбека", "ул. Ауэзова"]
CITIES = ["Алматы", "Астана", "Шымкент", "Караганда", "Павлодар", "Актобе", "Костанай"]

# Price lists: the catalog of three years ago was cheaper (paper and materials follow inflation)
PRICE_LIST_FACTORS = (Decimal("0.82"), Decimal("0.91"), Decimal("1"))


def _scaled_catalog(base: Catalog, factor: Decimal) -> dict:
    data = base.to_dict()
    for group in ("papers", "materials"):
        for rec in data[group]:
            rec["price"] = str(q2(Decimal(rec["price"]) * factor))
    for group in ("presses", "equipment"):
        for rec in data[group]:
            rec["rate_per_hour"] = str(q2(Decimal(rec["rate_per_hour"]) * factor))
    return data


def _job_pool(rng: random.Random):
    """Realistic jobs of a small shop, with weights (how often such a job comes in)."""
    pool = []
    for qty in (100, 200, 300, 500, 1000, 2000, 5000):
        for colours in ("4+4", "4+0", "1+0"):
            pool.append((6, dict(product_type="printing", name="Визитки", quantity=qty, width_mm=90,
                                 height_mm=50, colours=colours, paper="coated-300-sra3", bleed_mm=2,
                                 lamination_sides=rng.choice((0, 0, 2)))))
    for qty in (500, 1000, 2000, 3000, 5000, 10000):
        for w, h, name in ((148, 210, "Листовки A5"), (210, 297, "Листовки A4"),
                           (99, 210, "Евро-флаеры")):
            for paper in ("coated-130-sra3", "offset-80-sra3", "coated-130-b2"):
                pool.append((3, dict(product_type="printing", name=name, quantity=qty, width_mm=w,
                                     height_mm=h, colours=rng.choice(("4+0", "4+4")), paper=paper,
                                     bleed_mm=2, designer_minutes=rng.choice((0, 0, 30, 60)))))
    for qty in (20, 50, 100, 300):
        pool.append((2, dict(product_type="printing", name="Плакаты A3", quantity=qty, width_mm=297,
                             height_mm=420, colours="4+0", paper="coated-130-b2", bleed_mm=2,
                             designer_minutes=rng.choice((60, 120)))))
    for qty in (500, 1000, 2000, 5000, 10000, 20000):
        for colours in ("1+0", "1+1"):
            pool.append((4, dict(product_type="blank", name="Бланки A4", quantity=qty, width_mm=210,
                                 height_mm=297, colours=colours, paper="office-80-a4",
                                 numbering=rng.random() < 0.4, pad_sheets=rng.choice((0, 50, 100)))))
            pool.append((2, dict(product_type="blank", name="Бланки A5", quantity=qty, width_mm=148,
                                 height_mm=210, colours=colours, paper="offset-80-sra3", bleed_mm=0,
                                 numbering=rng.random() < 0.5, pad_sheets=rng.choice((0, 100)))))
    for qty in (5, 10, 20, 50, 100, 200):
        for sheets in (50, 100, 200):
            for cover in ("soft", "hard"):
                pool.append((2, dict(product_type="journal", name="Журнал учёта", quantity=qty,
                                     sheets_per_journal=sheets, width_mm=210, height_mm=297,
                                     colours="1+1", paper="office-80-a4", cover=cover,
                                     lacing_sealing=rng.random() < 0.7,
                                     page_numbering=rng.random() < 0.8)))
    for qty in (1000, 2000, 5000, 10000, 20000, 50000):
        for ribbon in ("satin-25", "satin-30", "satin-40", "nylon-30"):
            pool.append((2, dict(product_type="label", name="Бирки на ленте", quantity=qty,
                                 label_length_mm=rng.choice((30, 40, 60, 80)), ribbon=ribbon,
                                 label_colours=rng.choice((1, 1, 2)))))
    return pool


# Overrun classes of the shop floor: (weight, sheet factor, time factor). Most jobs run close
# to the norm; some waste more paper or take longer; a few go badly wrong (the losses).
OVERRUNS = ((50, Decimal("1.00"), Decimal("1.0")), (20, Decimal("1.02"), Decimal("1.1")),
            (12, Decimal("0.99"), Decimal("0.9")), (8, Decimal("1.08"), Decimal("1.3")),
            (6, Decimal("1.25"), Decimal("1.6")), (4, Decimal("1.6"), Decimal("2.5")))
# Price terms: (weight, discount %, rush, markup override or None)
TERMS = ((55, 0, False, None), (12, 5, False, None), (8, 10, False, None), (8, 0, True, None),
         (5, 15, False, None), (4, 0, False, 20), (4, 25, False, None), (2, 35, False, 10),
         (2, 0, False, 60))


def build(db: Database, n_orders: int, seed: int = 1, today=None, progress=None) -> dict:
    """Fill an empty database; returns the users' passwords (printed once by the caller)."""
    if users_db.count(db) or orders_db.max_id(db):
        raise Conflict("error.demo.not_empty")
    rng = random.Random(seed)
    today = today or datetime.now().replace(hour=18, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=3 * 365)
    passwords = {}
    with db.atomic():
        uid = {}
        for username, full_name, role in (("admin", "Администратор", "admin"),
                                          ("aigerim", "Айгерим Сапарова", "manager"),
                                          ("dmitry", "Дмитрий Ким", "manager"),
                                          ("zhanar", "Жанар Омарова", "manager")):
            password = secrets.token_urlsafe(9)
            passwords[username] = password
            uid[username] = users_db.insert(db, username, full_name, role,
                                            auth.hash_password(password))
        managers = [uid["aigerim"], uid["dmitry"], uid["zhanar"]]
        # a made-up shop, so that the demo's invoices and offers have a head to print
        if not shop.requisites_of(db)["name"]:
            shop.save_requisites_unchecked(db, DEMO_SHOP, users_db.get(db, uid["admin"]))

        base = catalog_db.load_catalog(db)
        versions = []
        for i, factor in enumerate(PRICE_LIST_FACTORS):
            since = start + timedelta(days=365 * i)
            data = _scaled_catalog(base, factor)
            vid = catalog_db.insert_version(db, data, since.strftime("%Y-%m-%d %H:%M:%S"),
                                            uid["admin"])
            versions.append((since, vid, Catalog.from_dict(data)))
        # the tables keep today's catalog; a fresh version of it is the newest
        catalog_db.freeze_version(db, uid["admin"])

        customers = _customers(db, rng, max(30, min(2000, n_orders // 100 + 20)))
        # a few big customers bring most of the orders (and get the big discounts)
        cust_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(customers))]

        # VAT as the app charges it: the rate of each order's turnover date (12 % up to
        # 2025, 16 % from 2026), from the rate history the database holds
        rates = catalog_db.load_vat_rates(db)

        def vat_on(product_type, when):
            return vat.vat_pct(base.settings, rates, product_type, when)

        pool = _job_pool(rng)
        pool_weights = [w for w, _ in pool]
        est_cache, act_cache = {}, {}
        usage = {}  # month -> {(item_kind, code): milli-units really used}
        performer_rows = []
        crew = _crew(db)
        when = sorted(_dates(rng, start, today, n_orders))
        rows, log_rows = [], []
        next_id = orders_db.max_id(db) + 1
        counters = {}
        monthly_direct = {}
        made_rows = []
        for i, created in enumerate(when):
            if progress and i % 10000 == 0:
                progress(i, n_orders)
            v_index = min(2, max(0, (created - start).days // 365))
            _, vid, cat = versions[v_index]
            job_i = rng.choices(range(len(pool)), pool_weights)[0]
            _, job = pool[job_i]
            terms = TERMS[rng.choices(range(len(TERMS)), [t[0] for t in TERMS])[0]]
            cust_i = rng.choices(range(len(customers)), cust_weights)[0]
            customer_id, customer_discount = customers[cust_i]
            discount = terms[1] if terms[1] else customer_discount
            pct = vat_on(job["product_type"], created)
            est, columns = _priced(est_cache, job_i, job, v_index, cat, discount, terms, pct)
            status = _status(rng, created, today)
            age_days = (today - created).days
            year = created.year
            counters[year] = counters.get(year, 0) + 1
            number = "{}-{:06d}".format(year, counters[year])
            created_s = created.strftime("%Y-%m-%d %H:%M:%S")
            due = (created + timedelta(days=rng.randint(2, 14))).strftime("%Y-%m-%d")
            finished = paid = None
            actual_json = act_direct = act_overhead = act_press = None
            if status in ("ready", "delivered", "paid"):
                fin = created + timedelta(days=rng.randint(1, min(12, max(1, age_days))),
                                          hours=rng.randint(0, 5))
                fin = min(fin, today)
                finished = fin.strftime("%Y-%m-%d %H:%M:%S")
                turnover_pct = vat_on(job["product_type"], fin)
                if turnover_pct != pct:  # quoted in December, made in January
                    est, columns = _priced(est_cache, job_i, job, v_index, cat, discount, terms,
                                           turnover_pct)
                if status == "paid":
                    paid = min(fin + timedelta(days=rng.randint(0, 20)), today).strftime(
                        "%Y-%m-%d %H:%M:%S")
                over = rng.choices(range(len(OVERRUNS)), [o[0] for o in OVERRUNS])[0]
                akey = (job_i, v_index, over)
                if akey not in act_cache:
                    act_cache[akey] = _actual(est, cat, OVERRUNS[over])
                actual_json, act_direct, act_overhead, act_press, used = act_cache[akey]
                month = finished[:7]
                monthly_direct[month] = monthly_direct.get(month, 0) + act_direct
                made_rows.append((len(rows), month, act_direct))
                month_use = usage.setdefault(month, {})
                for item, qty in used.items():
                    month_use[item] = month_use.get(item, 0) + qty
            if (today - created).days <= 180 and status not in ("new", "quoted", "cancelled"):
                performer_rows += _performers(rng, next_id + i, est, crew)
            row = dict(columns, number=number, customer_id=customer_id, status=status,
                       created_at=created_s, due_date=due, finished_at=finished, paid_at=paid,
                       manager_id=managers[cust_i % 3] if rng.random() < 0.8 else rng.choice(managers),
                       catalog_version_id=vid, actual=actual_json, act_direct_tiyn=act_direct,
                       act_overhead_tiyn=act_overhead, act_press_dmin=act_press,
                       overhead_allocated=0, notes="",
                       search=orders_db.search_key(number, est.spec.name))
            rows.append(row)
            log_rows.append((next_id + i, None, status, created_s, None))

        _allocate_history(db, rng, rows, made_rows, monthly_direct, today)
        orders_db.insert_many(db, [orders_db.row_tuple(r) for r in rows])
        orders_db.log_status_many(db, log_rows)
        staff_db.add_performers_many(db, performer_rows)
        _stock_history(db, rng, usage, base, today, uid["admin"])
        for year, last in counters.items():
            orders_db.raise_number_counter(db, year, last)
        # invoices and payments of the last weeks (its own random stream: the orders stay
        # as they were for a seed)
        demo_payments.add(Session(db, users_db.get(db, uid["admin"])),
                          random.Random(seed + 1000), today)
    if progress:
        progress(n_orders, n_orders)
    return passwords


def _customers(db, rng, count):
    out = []
    used_bins = set()
    for i in range(count):
        r = rng.random()
        if r < 0.2:
            name = rng.choice(SOLE).format(rng.choice(PEOPLE))
        else:
            stem = rng.choice(KK_NAMES if rng.random() < 0.5 else RU_NAMES)
            name = rng.choice(FORMS).format(stem)
        if i >= len(KK_NAMES) + len(RU_NAMES):
            name = "{} ({})".format(name, rng.choice(CITIES))
        while True:
            bin_ = _made_up_bin(rng)
            if bin_ is not None and bin_ not in used_bins:
                used_bins.add(bin_)
                break
        discount = Decimal(rng.choice((0, 0, 0, 0, 3, 5, 5, 7, 10)))
        person = rng.choice(PEOPLE)
        c = Customer(None, name, bin_, person, "+7 7{:02d} {:03d} {:02d} {:02d}".format(
            rng.randint(0, 78), rng.randint(0, 999), rng.randint(0, 99), rng.randint(0, 99)),
            "info{}@example.kz".format(i + 1),
            "г. {}, {} {}".format(rng.choice(CITIES), rng.choice(STREETS), rng.randint(1, 250)),
            discount, "")
        out.append((customers_db.insert(db, c), discount))
    return out


def _made_up_bin(rng):
    """A BIN with a valid control digit for a made-up legal entity: registered YYMM, kind 4
    (resident legal entity), then a serial. One draw of the stream, as before, so the rest
    of the demo stays as it was."""
    n = rng.randrange(10 ** 11, 10 ** 12)
    yymm = "{:02d}{:02d}".format(n % 25, n // 25 % 12 + 1)
    serial = n // 300 % 10 ** 6
    while True:  # about one serial in eleven has no control digit: take the next one
        number = make_bin("{}4{:06d}".format(yymm, serial))
        if number is not None:
            return number
        serial = (serial + 1) % 10 ** 6


def _dates(rng, start, end, n):
    """Order dates over the period, the shop growing about 30 % a year, none on Sundays."""
    span = (end - start).total_seconds()
    out = []
    while len(out) < n:
        # growth: density rises linearly from 0.6 to 1.4 over the period
        u = rng.random()
        # inverse of the CDF 0.6x + 0.4x² of the density 0.6 + 0.8x on 0..1
        x = (-0.6 + (0.36 + 1.6 * u) ** 0.5) / 0.8
        when = start + timedelta(seconds=x * span)
        if when.weekday() == 6:
            continue
        out.append(when.replace(hour=rng.randint(9, 18), minute=rng.randint(0, 59),
                                second=rng.randint(0, 59), microsecond=0))
    return out


def _status(rng, created, today):
    age = (today - created).days
    if age > 45:
        return rng.choices(("paid", "delivered", "cancelled", "quoted"), (84, 5, 7, 4))[0]
    if age > 14:
        return rng.choices(("paid", "delivered", "ready", "production", "cancelled", "quoted"),
                           (50, 20, 8, 6, 6, 10))[0]
    return rng.choices(("new", "quoted", "approved", "prepress", "production", "ready",
                        "delivered", "paid", "cancelled"), (10, 15, 12, 8, 15, 10, 10, 15, 5))[0]


def _priced(cache, job_i, job, v_index, cat, discount, terms, vat_pct):
    key = (job_i, v_index, discount, terms[2], terms[3], vat_pct)
    if key in cache:
        return cache[key]
    base_key = (job_i, v_index)
    base = cache.get(base_key)
    if base is None:
        base = (costing.estimate(JobSpec.from_dict(job), cat), None)
        cache[base_key] = base
    est0 = base[0]
    spec = replace(est0.spec, discount_pct=Decimal(discount).quantize(Decimal("0.01")),
                   rush=terms[2],
                   markup_pct=None if terms[3] is None else Decimal(terms[3]))
    est = costing.reprice(est0, spec, cat, vat_pct)
    value = (est, orders_db.estimate_columns(est))
    cache[key] = value
    return value


def _actual(est, cat, overrun):
    _, sheet_factor, time_factor = overrun
    usage = {}
    if est.sheets is not None:
        usage["gross_sheets"] = int((est.sheets.gross * sheet_factor).to_integral_value())
    else:
        usage["metres"] = str(q2(est.metres * sheet_factor))
    minutes = {line.code: str(q2(line.minutes * time_factor)) for line in est.lines
               if line.minutes is not None}
    if minutes:
        usage["minutes"] = minutes
    actual = actual_from_usage(est, cat, usage)
    return (orders_db.pack_actual(actual), to_tiyn(actual.direct), to_tiyn(actual.overhead),
            orders_db.press_dmin(actual.lines), stock_service.needs_of(actual.materials))


def _allocate_history(db, rng, rows, made_rows, monthly_direct, today):
    """Past months get real indirect costs (about the norm, ±), spread as the app does it."""
    this_month = today.strftime("%Y-%m")
    by_month = {}
    for row_i, month, direct in made_rows:
        by_month.setdefault(month, []).append((row_i, direct))
    for month, items in sorted(by_month.items()):
        if month >= this_month:
            continue
        amount = int(monthly_direct[month] * 0.25 * rng.uniform(0.85, 1.3))
        shares = split(amount, [d for _, d in items])
        for (row_i, _), share in zip(items, shares):
            rows[row_i]["act_overhead_tiyn"] = share
            rows[row_i]["overhead_allocated"] = 1
        indirect_db.set_month(db, month, amount, "аренда, зарплата офиса, электроэнергия")
        # entered and spread at the start of the next month, as the administrator does
        year, mon = int(month[:4]), int(month[5:7])
        nxt = "{:04d}-{:02d}-03 10:00:00".format(year + mon // 12, mon % 12 + 1)
        indirect_db.mark_allocated(db, month, len(items), nxt)


CREW = (("Әлия Нұрова", "designer"), ("Игорь Ткаченко", "designer"),
        ("Ержан Сәкенов", "press_operator"), ("Виктор Ли", "press_operator"),
        ("Гүлмира Ахметова", "shop_master"), ("Сергей Петров", "finisher"))


def _crew(db):
    return {name: (staff_db.insert(db, name, role), role) for name, role in CREW}


def _performers(rng, order_id, est, crew):
    """Who worked on an order: its press operator (or finisher for labels), the designer
    when there was design work, the shop master for bound journals."""
    people = []
    if est.press == "label_printer":
        people.append(crew["Сергей Петров"][0])
    elif est.press == "offset":
        people.append(crew["Виктор Ли"][0])
    else:
        people.append(crew["Ержан Сәкенов"][0])
    if est.spec.designer_minutes:
        people.append(crew[rng.choice(("Әлия Нұрова", "Игорь Ткаченко"))][0])
    if est.spec.product_type == "journal":
        people.append(crew["Гүлмира Ахметова"][0])
    return [(order_id, sid) for sid in people]


# made-up requisites with valid control digits (make_bin / make_iik), no real company's
DEMO_SHOP = {"name": "ТОО «Баспа Демо»", "bin": make_bin("99014000012"),
             "address": "г. Алматы, ул. Жибек Жолы, 50, офис 12", "phone": "+7 727 250 00 00",
             "email": "info@baspa-demo.kz", "bank": "АО «Народный Банк Казахстана»",
             "iik": make_iik("601", "0000000000123"), "bik": "HSBKKZKX", "kbe": "17", "knp": "859",
             "director": "Ахметов Серік Болатұлы", "accountant": "Иванова Ольга Петровна",
             "offer_valid_days": "10"}
SUPPLIERS = ("ТОО «Қағаз Әлемі»", "ТОО «Полиграф Снаб»", "ИП Жаксыбеков", "ТОО «Лента-Трейд»")


def _receipt_prices(cat, months, today):
    """price(item, month) in tiyn per unit: today's catalog price less 10 % a year back in
    time, give or take 3 % by supplier, so the last purchase prices of the stock documents
    are real ones. Its own random stream: the rest of the demo stays as it was."""
    rng = random.Random(len(months))
    now = today.year * 12 + today.month

    def price(item, month):
        kind, code = item
        record = cat.papers.get(code) if kind == "paper" else cat.materials.get(code)
        if record is None:
            return None
        back = now - (int(month[:4]) * 12 + int(month[5:7]))
        factor = Decimal(str(round(1.10 ** (-back / 12.0) * rng.uniform(0.97, 1.03), 4)))
        return to_tiyn(q2(record.price * factor))
    return price


def _stock_history(db, rng, usage, cat, today, admin_id):
    """Monthly receipts that keep about two months of use on the shelf, and the month's use
    written off in one line per item (history only: new orders write off per order through
    the app). Two items are left short this month, so the low-stock alert has something."""
    months = sorted(usage)
    totals = {}
    for month in months:
        for item, qty in usage[month].items():
            totals[item] = totals.get(item, 0) + qty
    n_months = max(1, len(months))
    short = {("material", "cover-hard"), ("material", "satin-40")}
    balance = {}
    for item, total in sorted(totals.items()):
        stock_db.set_min_level(db, item[0], item[1], int(total / n_months / 2 / 1000) * 1000)
    pack = {"paper": 500 * 1000, "material": 10 * 1000}
    prices = _receipt_prices(cat, months, today)
    for m_i, month in enumerate(months):
        for item, qty in sorted(usage[month].items()):
            have = balance.get(item, 0)
            target = 2 * totals[item] / n_months * rng.uniform(0.9, 1.1)
            need = max(target - have, qty - have, 0)
            bought = int(-(-need // pack[item[0]]) * pack[item[0]])
            if bought:
                stock_db.add_move(db, month + "-01 09:00:00", item[0], item[1], "receipt", bought,
                                  prices(item, month), rng.choice(SUPPLIERS),
                                  "№ {}-{}".format(month, m_i + 1), "", None, admin_id)
            stock_db.add_move(db, month + "-28 18:00:00", item[0], item[1], "write_off", -qty,
                              reason="расход за {}".format(month), user_id=admin_id)
            balance[item] = have + bought - qty
    # this month's stock-taking found two items short (damp, damage): the alert has a case
    for item in sorted(short & set(balance)):
        keep = int(totals[item] / n_months * 0.15 / 1000) * 1000
        if balance[item] > keep:
            stock_db.add_move(db, today.strftime("%Y-%m-%d 10:00:00"), item[0], item[1],
                              "adjustment", keep - balance[item],
                              reason="инвентаризация: порча при хранении", user_id=admin_id)
