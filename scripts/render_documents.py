"""Render every document of a demo database to .docx, PDF and PNG pages, to look at them.

    .venv/bin/python scripts/render_documents.py OUT_DIR [--db FILE] [--lang kk,ru,en]
                                                 [--orders 400] [--no-pdf]

Without --db a small demo database is built in OUT_DIR (the demo builder of the app, a fixed
seed and date, and the shop's requisites filled in). The documents go to OUT_DIR/docx, the
PDFs (LibreOffice, `soffice --headless --convert-to pdf`) to OUT_DIR/pdf and the pages
(`pdftoppm -r 70 -png`) to OUT_DIR/png. Prints what it made.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain.errors import DomainError  # noqa: E402
from app.storage.opening import open_database  # noqa: E402

REQUISITES = {
    "name": "ТОО «Баспа Әлемі»", "bin": "180940012345",
    "address": "050000, г. Алматы, ул. Сәтпаева, 12, оф. 4",
    "phone": "+7 727 300 12 34", "email": "info@baspa-alemi.kz",
    "bank": "АО «Kaspi Bank»", "iik": "KZ86722S000012345678", "bik": "CASPKZKA",
    "kbe": "17", "knp": "859", "director": "Серікбаев Н. Қ.", "accountant": "Әлиева Г. Т.",
    "offer_valid_days": "10",
}
DEMO_TODAY = datetime(2026, 3, 20, 18, 0, 0)


def build_demo(path: Path, orders: int):
    from app.services import auth, demo, shop
    if path.exists():
        path.unlink()
    with open_database(path, create=True) as db:
        passwords = demo.build(db, orders, seed=7, today=DEMO_TODAY)
        admin = auth.login(db, "admin", passwords["admin"])
        shop.save_requisites(admin, REQUISITES)
    return passwords


def sessions(db_path: Path, passwords):
    from app.services import auth
    db = open_database(db_path)
    if passwords:
        admin = auth.login(db, "admin", passwords["admin"])
    else:  # an existing database: the first active administrator, without a password
        from app.services.session import Session
        from app.storage import users as users_db
        user = next(u for u in users_db.list_all(db) if u.is_admin and u.active)
        admin = Session(db, user)
    return db, admin


def pick_orders(admin):
    """One order of each product type, made and not paid where possible (for receivables)."""
    from app.services import orders
    from app.storage.orders import OrderFilter
    picked = []
    for ptype in ("printing", "blank", "journal", "label"):
        for statuses in (("delivered", "ready"), ("approved", "production", "paid")):
            rows = orders.page(admin, OrderFilter(statuses=statuses, product_types=(ptype,)),
                               limit=1)
            if rows:
                picked.append(rows[0].id)
                break
    return picked


def render_all(admin, out: Path, langs, db_path):
    from app.services import manuals, order_documents, report_documents
    made = []
    order_ids = pick_orders(admin)
    for lang in langs:
        folder = out / "docx" / lang
        for order_id in order_ids:
            made.append(order_documents.invoice(admin, order_id, lang=lang, folder=folder).path)
            made.append(order_documents.offer(admin, order_id, lang=lang, folder=folder).path)
            made.append(order_documents.job_ticket(admin, order_id, lang=lang, folder=folder).path)
        made.append(report_documents.order_register(admin, "2026-03-01", "2026-03-20", lang=lang,
                                                    folder=folder).path)
        made.append(report_documents.receivables(admin, lang=lang, folder=folder).path)
        made.append(report_documents.profitability(admin, "2025-01-01", "2026-03-20", lang=lang,
                                                   folder=folder).path)
        for kind in ("operator", "programmer"):
            try:
                made.append(manuals.manual(admin.db, kind, lang=lang, folder=folder).path)
            except (DomainError, ImportError) as exc:
                print("manual {} {}: {}".format(kind, lang, exc))
    return made


def to_pdf(docs, pdf_dir: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: no PDF")
        return []
    pdf_dir.mkdir(parents=True, exist_ok=True)
    profile = pdf_dir / ".lo-profile"
    pdfs = []
    by_folder = {}
    for d in docs:
        by_folder.setdefault(d.parent, []).append(d)
    for folder, files in by_folder.items():
        target = pdf_dir / folder.name
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([soffice, "-env:UserInstallation=" + profile.resolve().as_uri(),
                        "--headless", "--convert-to", "pdf", "--outdir", str(target)]
                       + [str(f) for f in files], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=600)
        pdfs += [target / (f.stem + ".pdf") for f in files]
    return pdfs


def to_png(pdfs, png_dir: Path, dpi=70):
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found: no PNG")
        return []
    pngs = []
    for pdf in pdfs:
        target = png_dir / pdf.parent.name
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(target / pdf.stem)],
                       check=True)
        pngs += sorted(target.glob(pdf.stem + "*.png"))
    return pngs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--db")
    p.add_argument("--lang", default="kk,ru,en")
    p.add_argument("--orders", type=int, default=400)
    p.add_argument("--no-pdf", action="store_true")
    p.add_argument("--dpi", type=int, default=70)
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("IPRINT_HOME", str(out / "home"))
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    started = time.perf_counter()
    passwords = None
    if args.db:
        db_path = Path(args.db)
    else:
        db_path = out / "demo.sqlite3"
        passwords = build_demo(db_path, args.orders)
    db, admin = sessions(db_path, passwords)
    # documents dated on the demo's "today", so the figures match the demo's history
    admin.now = lambda: DEMO_TODAY.strftime("%Y-%m-%d %H:%M:%S")
    docs = render_all(admin, out, langs, db_path)
    db.close()
    print("{} documents in {:.1f} s -> {}".format(len(docs), time.perf_counter() - started,
                                                  out / "docx"))
    if args.no_pdf:
        return 0
    pdfs = to_pdf(docs, out / "pdf")
    pngs = to_png(pdfs, out / "png", args.dpi)
    print("{} PDF, {} PNG pages -> {}".format(len(pdfs), len(pngs), out / "png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
