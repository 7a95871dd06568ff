"""The operator's and the programmer's manuals as Word documents, for the Help menu and the
command line."""
from pathlib import Path

from app.domain.errors import ValidationError
from app.i18n import t
from app.reports import docx_base
from app.reports import manuals as manuals_report
from app.services.document_files import DocumentFile, document_language, kind_folder, render
from app.storage import registers as registers_db


def manual(db, kind, lang=None, folder=None, screenshots=None, sources=None) -> DocumentFile:
    """The operator's or the programmer's manual, from docs/manual/<lang>/<kind>/*.md.

    Help, not business data: no login needed (the Help menu and the command line call it).
    The programmer's manual reads the schema of `db`, the live database."""
    lang = document_language(lang)
    if kind not in manuals_report.KINDS:
        raise ValidationError("error.document.manual_kind", "kind", kind=str(kind))
    root = Path(sources) if sources else manuals_report.default_sources()
    shots = Path(screenshots) if screenshots else manuals_report.default_screenshots()
    schema = None
    if kind == "programmer" and db is not None:
        schema = {"tables": registers_db.schema(db), "version": registers_db.schema_version(db)}
    name = docx_base.safe_filename(t("doc.file.manual_" + kind, lang))
    path = render(manuals_report.render, kind, root, shots, schema,
                  kind_folder("manual", lang, folder) / name, lang)
    return DocumentFile(path, "manual")
