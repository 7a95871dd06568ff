"""python -m app: the desktop app, and a small admin command line. Wires objects, nothing else."""
import argparse
import getpass
import json
import os
import sys

from app import config, i18n, logs, platform_setup
from app.domain.errors import DomainError
from app.i18n import error_text, t

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _db_path(args) -> str:
    """--db; else the shop's server this PC was set up for (the first-start wizard); else
    the PC's own file."""
    if getattr(args, "db", None):
        return str(args.db)
    from app import server_settings
    return server_settings.saved_url() or str(config.default_db_path())


def _files_base(args) -> str:
    """Where files that belong beside a database go: beside the file; for the shop's server,
    in the data folder under the server database's name."""
    from app.storage import opening, server
    path = _db_path(args)
    if opening.is_server(path):
        return str(config.data_dir() / server.file_name(path))
    return os.path.splitext(path)[0]


def _open(args, create=False):
    """The database of --db, migrated; only `init` and `demo` may create a missing one (a
    mistyped path must not become an empty shop)."""
    from app.storage.opening import open_database
    return open_database(_db_path(args), create=create)


def cmd_quote(args):
    from app import costing
    from app.domain.job import JobSpec
    from app.services import catalog as catalog_service
    try:
        with open(args.spec, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise DomainError("error.cli.spec_unreadable", "spec", path=args.spec, reason=str(exc)) from exc
    except RecursionError:  # json's parser recurses per level: [[[[…]]]] is bad input, not a bug
        raise DomainError("error.cli.spec_nested", "spec", path=args.spec) from None
    spec = JobSpec.from_dict(data)
    with _open(args) as db:
        _, cat = catalog_service.current(db)
        from datetime import date
        est = costing.estimate(spec, cat, catalog_service.vat_pct_on(db, spec.product_type,
                                                                     date.today()))
    out = est.to_dict()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_demo(args):
    import time

    from app.services import demo, demo_payments
    if not getattr(args, "db", None):
        raise DomainError("error.field.required", "--db")
    if args.orders < 0 or args.orders > 5000000:
        raise DomainError("error.field.out_of_range", "--orders", low=0, high=5000000)
    today = None
    if args.today:
        from datetime import datetime
        try:
            today = datetime.strptime(args.today, "%Y-%m-%d").replace(hour=18)
        except ValueError:
            raise DomainError("error.field.date", "--today") from None
    started = time.perf_counter()
    with _open(args, create=True) as db:
        def progress(done, total):
            if args.verbose:
                print("  {} / {}".format(done, total), file=sys.stderr)
        passwords = demo.build(db, args.orders, seed=args.seed, today=today, progress=progress)
        base = _files_base(args)
        statement = demo_payments.write_statement(db, base + "-statement-1c.txt", today)
        kaspi = demo_payments.write_kaspi_statement(db, base + "-statement-kaspi.xlsx", today)
    elapsed = time.perf_counter() - started
    print(t("cli.demo.done", orders=args.orders, path=_db_path(args), seconds="{:.1f}".format(elapsed)))
    print(t("cli.demo.statement", path=statement))
    print(t("cli.demo.kaspi", path=kaspi))
    print(t("cli.demo.passwords"))
    for user, password in passwords.items():
        print("  {:<10} {}".format(user, password))
    return EXIT_OK


def cmd_check(args):
    from app.storage.integrity import check_file
    from app.storage.migrations import SCHEMA_VERSION
    from app.storage.opening import connect, existing_file, is_server
    if is_server(_db_path(args)):
        from app.storage.integrity import check
        from app.storage.migrations import schema_version
        with connect(_db_path(args)) as db:
            path = db.path
            problems, version = check(db, quick=args.quick), schema_version(db)
    else:
        path = existing_file(_db_path(args))
        problems, version = check_file(path, quick=args.quick)
    if version is not None and version != SCHEMA_VERSION:
        problems.append(("schema_version", "{} != {}".format(version, SCHEMA_VERSION)))
    if problems:
        for key, detail in problems:
            print(t("cli.check.problem", problem=t("check." + key), detail=detail))
        return EXIT_FAILED
    print(t("cli.check.ok", path=path))
    return EXIT_OK


def _read_password(args, prompt, twice=True):
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    env = os.environ.get("IPRINT_ADMIN_PASSWORD")
    if env:
        return env
    if not sys.stdin.isatty():
        raise DomainError("error.cli.password_needed", "--password-stdin")
    first = getpass.getpass(prompt)
    if not twice:
        return first
    second = getpass.getpass(t("cli.password_again"))
    if first != second:
        raise DomainError("error.cli.passwords_differ", "password")
    return first


def cmd_init(args):
    from app.services import auth
    with _open(args, create=True) as db:
        if not auth.needs_first_admin(db):
            print(t("cli.init.exists", path=_db_path(args)))
            return EXIT_OK
        password = _read_password(args, t("cli.init.password_prompt", user=args.admin))
        auth.create_first_admin(db, args.admin, password, args.name or "")
    print(t("cli.init.done", user=args.admin, path=_db_path(args)))
    return EXIT_OK


def _login(args, db):
    from app.services import auth
    password = _read_password(args, t("cli.login.password_prompt", user=args.user), twice=False)
    session = auth.login(db, args.user, password)
    if session.user.must_change_password:
        raise DomainError("error.cli.must_change_password", "--user", user=args.user)
    return session


def cmd_import_customers(args):
    """Customers from a .csv or .xlsx file as --user: the whole file is checked first; any bad
    row and nothing is written (each one printed to stderr, exit 2)."""
    from app.services import customer_import
    with _open(args) as db:
        session = _login(args, db)
        preview = customer_import.preview(session, args.file)
        if preview.errors:
            for error in preview.errors:
                print(error_text(error), file=sys.stderr)
            print(t("cli.import.refused", count=len(preview.errors)), file=sys.stderr)
            return EXIT_BAD_INPUT
        result = customer_import.commit(session, preview)
    print(json.dumps({"imported": result.imported, "customer_ids": list(result.customer_ids),
                      "ignored_columns": list(result.ignored_columns),
                      "file": os.path.basename(str(args.file))}, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_document(args):
    """An order's document as --user (the same services as the screens): the path, or with
    --json the path, the document's own number and the gross total. Bad input (an unknown
    order, one not made yet, a buyer without a BIN) exits 2 with nothing numbered or written."""
    from app.services import closing_documents
    from app.services.document_files import document_language
    lang = document_language(args.doc_lang)  # a bad --lang is refused before the login
    if args.kind == "reconciliation":
        return _reconciliation(args, lang)
    with _open(args) as db:
        made = closing_documents.document(_login(args, db), args.kind, args.order, lang=lang,
                                          folder=args.out)
    if args.json:
        print(json.dumps({"kind": args.kind, "path": str(made.path), "number": made.number,
                          "total": "{:.2f}".format(made.total), "orders": list(made.orders),
                          "lang": lang}, ensure_ascii=False, indent=2))
    else:
        print(str(made.path))
    return EXIT_OK


def _reconciliation(args, lang):
    """document reconciliation --customer BIN --from D --to D: the statement of the customer
    for the period; with --json the path, the opening and closing balances and the turnovers."""
    from app.domain.identifiers import check_bin
    from app.services import reconciliation
    if not args.customer:
        raise DomainError("error.field.required", "--customer")
    check_bin(args.customer, "--customer")  # bad input is refused before the login
    reconciliation.period(args.date_from, args.date_to, ("--from", "--to"))
    with _open(args) as db:
        session = _login(args, db)
        customer_id = reconciliation.customer_by_bin(session, args.customer, "--customer")
        made = reconciliation.document(session, customer_id, args.date_from, args.date_to,
                                       lang=lang, folder=args.out)
    if args.json:
        print(json.dumps(reconciliation.as_dict(made, lang), ensure_ascii=False, indent=2))
    else:
        print(str(made.path))
    return EXIT_OK


def cmd_esf(args):
    """The e-invoice XML of the sales turned over from --from to --to (or closing the
    --order given) as --user: the file's path, or with --json the path, the count and the
    documents. A period without sales says so and exits 0; bad input (bad dates, a buyer
    without a valid BIN/IIN) exits 2 naming it, with nothing written."""
    from app.services import closing_documents, esf
    with _open(args) as db:
        session = _login(args, db)
        ids = closing_documents.order_ids_of(session, args.order) if args.order else ()
        made = esf.export(session, args.date_from, args.date_to, order_ids=ids,
                          folder=args.out, lang=args.esf_lang)
    if args.json:
        print(json.dumps({"path": str(made.path) if made.path else None,
                          "invoices": made.invoices, "documents": list(made.documents),
                          "total": "{:.2f}".format(made.total),
                          "skipped_registered": list(made.skipped_registered)},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if made.skipped_registered:
        print(t("cli.esf.skipped", numbers=", ".join(made.skipped_registered)), file=sys.stderr)
    if made.path is None:
        print(t("cli.esf.nothing", date_from=args.date_from or "", date_to=args.date_to or ""))
    else:
        print(str(made.path))
    return EXIT_OK


def cmd_esf_registered(args):
    """The registration numbers of the portal's list of ESF (.csv or .xlsx) as --user; a bad
    row (said with its number) writes none of them and exits 2."""
    from app.services import esf
    with _open(args) as db:
        result = esf.import_registrations(_login(args, db), args.file)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(t("cli.esf_registered.done", **result))
    return EXIT_OK


def cmd_bank_import(args):
    """A 1CClientBankExchange statement as --user: the sure matches are applied in one
    transaction; a malformed file (its line said) writes nothing and exits 2."""
    from app.services import bank_import
    with _open(args) as db:
        result = bank_import.apply(_login(args, db), args.file)
    if args.json:
        print(json.dumps(bank_import.as_dict(result), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(t("cli.bank_import.done", **result.summary()))
    for line in result.lines:
        if line.status == bank_import.UNMATCHED:
            doc = line.document
            print(t("cli.bank_import.unmatched", number=doc.number, date=doc.day.isoformat(),
                    amount=str(doc.amount), payer=doc.payer_name or doc.payer_bin,
                    reason=t("bank.reason." + line.reason)))
    return EXIT_OK


def cmd_manual(args):
    """The operator's or the programmer's manual as .docx, generated from docs/manual/."""
    from app.services import manuals
    with _open(args) as db:
        result = manuals.manual(db, args.kind, lang=args.manual_lang or i18n.language(),
                                folder=args.out, screenshots=args.screenshots)
    print(str(result.path))
    return EXIT_OK


def cmd_backup(args):
    """A checked online backup, e.g. nightly from the Task Scheduler to a USB disk (--to)."""
    from app.services import backup
    print(json.dumps(backup.back_up_file(_db_path(args), args.to), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_restore(args):
    """Replace the database by a checked backup; the replaced file is kept beside it."""
    from app.services import backup
    print(json.dumps(backup.restore_file(_db_path(args), args.file), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_copy_db(args):
    """A shop into a new home, whole and compared: a file onto an empty server database, or a
    server's shop into a new file. Exit 2 for bad input (nothing written), 1 when the copy
    did not compare equal (nothing committed; the tables are printed)."""
    from app.services import shop_move
    try:
        result = shop_move.copy_db(args.date_from, args.date_to, args.backup_to)
    except shop_move.CopyMismatch as exc:
        print(json.dumps({"compared": exc.report}, ensure_ascii=False, indent=2))
        print(t("cli.copy_db.mismatch", tables=str(exc)), file=sys.stderr)
        return EXIT_FAILED
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_start(args):
    """The desktop app (first-start wizard, then the login window)."""
    from app.ui import main_window
    return main_window.run(_db_path(args), args)


def _login_arguments(parser):
    """--db, --user and --password-stdin of every command that works as a user (the password
    also from IPRINT_ADMIN_PASSWORD, see _read_password)."""
    parser.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    parser.add_argument("--user", default="admin", help=t("cli.help.user"))
    parser.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS,
                        help=t("cli.help.password_stdin"))


def build_parser():
    p = argparse.ArgumentParser(prog="python -m app", description=t("cli.description"))
    p.add_argument("--db", help=t("cli.help.db"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, help=t("cli.help.lang"))
    p.add_argument("--password-stdin", action="store_true", help=t("cli.help.password_stdin"))
    p.add_argument("--self-test", action="store_true", help=t("cli.help.self_test"))
    sub = p.add_subparsers(dest="command")

    q = sub.add_parser("quote", help=t("cli.help.quote"))
    q.add_argument("spec", help=t("cli.help.spec"))
    q.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    q.set_defaults(func=cmd_quote)

    d = sub.add_parser("demo", help=t("cli.help.demo"))
    d.add_argument("--orders", type=int, default=2000)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--today", help="YYYY-MM-DD")
    d.add_argument("--verbose", action="store_true")
    # --db is needed (a demo never lands in the shop's own database by default), before or
    # after the command
    d.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    d.set_defaults(func=cmd_demo)

    c = sub.add_parser("check", help=t("cli.help.check"))
    c.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    c.add_argument("--quick", action="store_true")
    c.set_defaults(func=cmd_check)

    i = sub.add_parser("init", help=t("cli.help.init"))
    i.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    i.add_argument("--admin", default="admin")
    i.add_argument("--name", default="")
    i.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS,
                   help=t("cli.help.password_stdin"))
    i.set_defaults(func=cmd_init)

    ic = sub.add_parser("import-customers", help=t("cli.help.import_customers"))
    ic.add_argument("file", help=t("cli.help.file"))
    _login_arguments(ic)
    ic.set_defaults(func=cmd_import_customers)

    doc = sub.add_parser("document", help=t("cli.help.document"))
    doc.add_argument("kind", metavar="KIND", help=t("cli.help.document_kind"))
    doc.add_argument("--order", action="append", default=[], metavar="NUMBER",
                     help=t("cli.help.order"))
    doc.add_argument("--customer", metavar="BIN", help=t("cli.help.customer_bin"))
    doc.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=t("cli.help.date_from"))
    doc.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=t("cli.help.date_to"))
    doc.add_argument("--lang", dest="doc_lang", metavar="kk|ru|en", help=t("cli.help.doc_lang"))
    doc.add_argument("--out", metavar="DIR", help=t("cli.help.out"))
    doc.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _login_arguments(doc)
    doc.set_defaults(func=cmd_document)

    e = sub.add_parser("esf", help=t("cli.help.esf"))
    e.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=t("cli.help.date_from"))
    e.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=t("cli.help.date_to"))
    e.add_argument("--order", action="append", default=[], metavar="NUMBER",
                   help=t("cli.help.esf_order"))
    e.add_argument("--lang", dest="esf_lang", default="ru", metavar="ru|kk",
                   help=t("cli.help.esf_lang"))
    e.add_argument("--out", metavar="DIR", help=t("cli.help.out"))
    e.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _login_arguments(e)
    e.set_defaults(func=cmd_esf)

    er = sub.add_parser("esf-registered", help=t("cli.help.esf_registered"))
    er.add_argument("file", help=t("cli.help.esf_registered_file"))
    er.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _login_arguments(er)
    er.set_defaults(func=cmd_esf_registered)

    bi = sub.add_parser("bank-import", help=t("cli.help.bank_import"))
    bi.add_argument("file", help=t("cli.help.statement_file"))
    bi.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _login_arguments(bi)
    bi.set_defaults(func=cmd_bank_import)

    m = sub.add_parser("manual", help=t("cli.help.manual"))
    m.add_argument("kind", choices=("operator", "programmer"))
    m.add_argument("--manual-lang", choices=i18n.LANGUAGES, help=t("cli.help.lang"))
    m.add_argument("--out", help=t("cli.help.out"))
    m.add_argument("--screenshots", help=t("cli.help.screenshots"))
    m.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    m.set_defaults(func=cmd_manual)

    b = sub.add_parser("backup", help=t("cli.help.backup"))
    b.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    b.add_argument("--to", help=t("cli.help.backup_to"))
    b.set_defaults(func=cmd_backup)

    cd = sub.add_parser("copy-db", help=t("cli.help.copy_db"))
    cd.add_argument("--from", dest="date_from", required=True, metavar="FILE|URL",
                    help=t("cli.help.copy_from"))
    cd.add_argument("--to", dest="date_to", required=True, metavar="URL|FILE",
                    help=t("cli.help.copy_to"))
    cd.add_argument("--backup-to", metavar="DIR", help=t("cli.help.backup_to"))
    cd.set_defaults(func=cmd_copy_db)

    r = sub.add_parser("restore", help=t("cli.help.restore"))
    r.add_argument("file", help=t("cli.help.restore_file"))
    r.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    r.set_defaults(func=cmd_restore)
    return p


def main(argv=None) -> int:
    platform_setup.setup()  # DPI awareness, matplotlib's cache folder and font, before anything
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = os.environ.get("IPRINT_LANG")
    if "--lang" in argv:
        at = argv.index("--lang")
        if at + 1 < len(argv) and argv[at + 1] in i18n.LANGUAGES:
            lang = argv[at + 1]  # a bad one (document --lang de) leaves IPRINT_LANG's
    if lang is None:
        lang = config.saved_language()  # the language chosen in the window holds here too
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from app import selftest  # the real main window on a throw-away database
            return selftest.run(args)
        if not getattr(args, "command", None):
            return cmd_start(args)
        return args.func(args)
    except DomainError as exc:
        print(t("cli.error", message=error_text(exc)), file=sys.stderr)
        # the network to the server going away mid-command is no fault of the input
        return EXIT_FAILED if exc.key == "error.db.connection_lost" else EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_FAILED
    except BrokenPipeError:  # the output went to a pager or `head` that closed early
        return EXIT_OK
    except Exception:  # never a traceback at a person: log it, say where
        path = logs.log_unexpected("command line")
        print(t("error.unexpected", log=path), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
