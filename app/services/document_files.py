"""Where a document is written and what it is called, and the one step that writes it.

Every document room (order_documents, report_documents, stock_documents, manuals, exports)
gathers plain data and hands it to a renderer of app.reports through `render`, which turns a
file that cannot be written into a message. Files go to Documents/iPrint/<kind>/ in the
document's language, with names that say what they are.
"""
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app import config, i18n
from app.domain import inputs
from app.domain.errors import DomainError, ValidationError
from app.i18n import t
from app.reports import registers as registers_report

# the folders under Documents/iPrint (doc.folder.<kind>); a new kind of document names its own
KINDS = ("invoice", "offer", "job_ticket", "act", "waybill", "register", "receivables",
         "reconciliation", "cash_order", "profitability", "manual", "analysis", "stock",
         "performers", "export", "esf")


@dataclass(frozen=True)
class DocumentFile:
    path: Path
    kind: str
    number: str = ""


def document_language(lang=None) -> str:
    lang = lang or i18n.language()
    if lang not in i18n.LANGUAGES:
        raise ValidationError("error.document.language", "lang", language=str(lang))
    return lang


def folder_language() -> str:
    """The language new folders are named in: this PC user's chosen one, else the state's."""
    lang = config.saved_language()
    return lang if lang in i18n.LANGUAGES else i18n.STATE_LANGUAGE


def kind_folder(kind, lang=None, folder=None) -> Path:
    """Documents/iPrint/<one folder per kind of document>, or the folder given.

    One folder whatever language a document or a user is in (issue 17.9: Шоттар/, Счета/ and
    Invoices/ once held one shop's invoices): the kind's folder that exists, in any of the
    languages (a shop that has Счета/ keeps it), else a new one named in folder_language().
    `lang` (the document's language) no longer names it."""
    if folder is not None:
        return Path(folder)
    root = config.documents_dir()
    first = folder_language()
    for name_lang in (first,) + tuple(x for x in i18n.LANGUAGES if x != first):
        path = root / t("doc.folder." + kind, name_lang)
        if path.is_dir():
            return path
    return root / t("doc.folder." + kind, first)


def render(renderer, *args):
    """Run a renderer; a file that cannot be written is a message, not a traceback."""
    try:
        return renderer(*args)
    except PermissionError as exc:
        raise DomainError("error.document.file_locked", "path",
                          path=str(getattr(exc, "filename", "") or "")) from exc
    except OSError as exc:
        raise DomainError("error.document.cannot_save", "path",
                          path=str(getattr(exc, "filename", "") or ""), reason=exc.strerror or "") from exc


def report_period(date_from, date_to) -> registers_report.Period:
    """The period a report covers, from what was typed; either end may be open."""
    start, end = inputs.day(date_from, "date_from"), inputs.day(date_to, "date_to")
    if start and end and start > end:
        raise ValidationError("error.document.period", "date_to")
    return registers_report.Period(start, end)


def period_in_name(period: registers_report.Period) -> str:
    """The period as a file name has it: 2026-01-01_2026-01-31, or nothing when open."""
    start = period.date_from.isoformat() if period.date_from else ""
    end = period.date_to.isoformat() if period.date_to else ""
    return "{}_{}".format(start, end) if (start or end) else ""


def made_on(session) -> date:
    """The day a document is made: the session's clock."""
    return datetime.strptime(session.now()[:10], "%Y-%m-%d").date()
