"""The operator's and the programmer's manual, rendered from Markdown kept in the repository.

Sources: docs/manual/<lang>/<kind>/*.md, in file-name order (01-…, 02-…). A small Markdown
subset is understood: # ## ### headings, paragraphs, "- " and "1. " lists, | tables |,
``` code blocks ```, **bold** and `code` inline, and images ![caption](file.png).

Images are screenshots of the real screens, looked up in the screenshots folder
(docs/manual/screenshots/<lang>/file.png, then docs/manual/screenshots/file.png); the
screenshot script of the UI fills it. A missing picture leaves a visible note, never a
broken document.

A line `{{schema}}` in the programmer's manual becomes the schema of the live database:
every table with its columns, keys, indexes and triggers.
"""
import re
from pathlib import Path
from typing import List, Optional

from docx.shared import Mm, Pt

from app.domain.errors import DomainError
from app.i18n import t
from app.reports import docx_base as b

KINDS = ("operator", "programmer")
MONO = "Courier New"
_INLINE = re.compile(r"(\*\*[^*]+\*\*|`[^`]+`)")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)]+)\)\s*$")
_NUMBERED = re.compile(r"^\d+\.\s+")


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent.parent


def default_sources() -> Path:
    return repo_root() / "docs" / "manual"


def default_screenshots() -> Path:
    return default_sources() / "screenshots"


def source_files(root: Path, kind: str, lang: str) -> List[Path]:
    folder = Path(root) / lang / kind
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def find_screenshot(shots: Optional[Path], name: str, lang: str) -> Optional[Path]:
    if not shots:
        return None
    for candidate in (Path(shots) / lang / name, Path(shots) / name):
        if candidate.is_file():
            return candidate
    return None


def render(kind, root, shots, schema, path, lang) -> Path:
    files = source_files(root, kind, lang)
    if not files:
        raise DomainError("error.document.no_manual_sources", "path",
                          path=str(Path(root) / lang / kind))
    doc = b.new_document(margins_mm=(18, 18, 18, 22))
    width = b.text_width_mm(doc)
    title = t("doc.manual.title_" + kind, lang)
    b.para(doc, "iPrint", bold=True, size=28, align=b.CENTER, space_before=120)
    b.para(doc, title, bold=True, size=18, align=b.CENTER, space_after=30)
    texts = [f.read_text(encoding="utf-8") for f in files]
    chapters = [line[2:].strip() for text in texts for line in text.splitlines()
                if line.startswith("# ")]
    b.para(doc, t("doc.manual.contents", lang), bold=True, size=12, space_before=30)
    for n, chapter in enumerate(chapters, 1):
        b.para(doc, "{}. {}".format(n, chapter), size=10.5)
    b.footer_page_numbers(doc, "iPrint · " + title)
    counter = [0]
    for text in texts:
        b.page_break(doc)
        _markdown(doc, text, shots, schema, lang, width, counter)
    return b.save(doc, path)


def _inline(p, text, size=None):
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**"):
            b.add_run(p, part[2:-2], bold=True, size=size)
        elif part.startswith("`") and part.endswith("`"):
            b.add_run(p, part[1:-1], font=MONO, size=(size or b.BASE_SIZE) - 0.5)
        else:
            b.add_run(p, part, size=size)


def _markdown(doc, text, shots, schema, lang, width, counter):
    lines = text.splitlines()
    i = 0
    paragraph: List[str] = []

    def flush():
        if paragraph:
            p = doc.add_paragraph()
            _inline(p, " ".join(s.strip() for s in paragraph))
            p.paragraph_format.space_after = Pt(5)
            del paragraph[:]

    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            code = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                code.append(lines[i].rstrip())
                i += 1
            _code(doc, code, width)
        elif stripped == "{{schema}}":
            flush()
            _schema(doc, schema, lang, width)
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            b.heading(doc, stripped[level:].strip(), min(level, 3))
        elif _IMAGE.match(stripped):
            flush()
            caption, name = _IMAGE.match(stripped).groups()
            counter[0] += 1
            _image(doc, shots, name, caption, lang, width, counter[0])
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.match(r"^:?-{2,}:?$", c) for c in cells if c):
                    rows.append(cells)
                i += 1
            _table(doc, rows, width)
            continue
        elif stripped.startswith("- ") or stripped.startswith("* "):
            flush()
            p = doc.add_paragraph(style="List Bullet")
            _inline(p, stripped[2:])
        elif _NUMBERED.match(stripped):
            flush()
            p = doc.add_paragraph(style="List Number")
            _inline(p, _NUMBERED.sub("", stripped, count=1))
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
        i += 1
    flush()


def _code(doc, code, width):
    tbl = b.table(doc, 1, 1, [width], borders=False)
    cell = tbl.rows[0].cells[0]
    b.shade(cell, "F4F4F4")
    first = True
    for line in code or [""]:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        b.add_run(p, line if line else " ", font=MONO, size=8.5)
        p.paragraph_format.space_after = Pt(0)
    b.spacer(doc, 4)


def _table(doc, rows, width):
    if not rows:
        return
    cols = max(len(r) for r in rows)
    rows = [r + [""] * (cols - len(r)) for r in rows]
    widths = [width / cols] * cols
    tbl = b.table(doc, 0, cols, widths)
    for n, r in enumerate(rows):
        row = b.add_row(tbl, [""] * cols, size=9, widths_mm=widths)
        for cell, value in zip(row.cells, r):
            p = cell.paragraphs[0]
            _inline(p, value, size=9)
            if n == 0:
                for run in p.runs:
                    run.bold = True
                b.shade(cell)
    b.spacer(doc, 4)


def _image(doc, shots, name, caption, lang, width, number):
    found = find_screenshot(shots, name, lang)
    if found is not None:
        w, h = b.image_size_mm(found, width, 120)
        p = doc.add_paragraph()
        p.alignment = b.CENTER
        p.add_run().add_picture(str(found), width=Mm(w), height=Mm(h))
        p.paragraph_format.keep_with_next = True
    else:
        b.para(doc, t("doc.manual.no_screenshot", lang, name=name), italic=True, size=8.5,
               align=b.CENTER)
    b.para(doc, t("doc.manual.figure", lang, n=number, caption=caption), italic=True, size=9,
           align=b.CENTER, space_after=8)


def _schema(doc, schema, lang, width):
    if not schema:
        b.para(doc, t("doc.manual.no_schema", lang), italic=True)
        return
    b.para(doc, t("doc.manual.schema_intro", lang, version=schema["version"],
                  count=len(schema["tables"])), space_after=6)
    widths = [44, 26, 18, width - 44 - 26 - 18 - 14, 14]
    headers = [t("doc.manual.col.column", lang), t("doc.manual.col.type", lang),
               t("doc.manual.col.not_null", lang), t("doc.manual.col.default", lang),
               t("doc.manual.col.pk", lang)]
    for tbl in schema["tables"]:
        b.heading(doc, tbl["name"], 3)
        fks = {f["col"]: "{}.{}".format(f["ref_table"], f["ref_col"] or "id")
               for f in tbl["foreign_keys"]}
        rows = []
        for c in tbl["columns"]:
            default = c["dflt_value"] if c["dflt_value"] is not None else ""
            if c["name"] in fks:
                default = (default + " " if default else "") + "→ " + fks[c["name"]]
            rows.append([c["name"], c["type"], "✓" if c["not_null"] else "", default,
                         "✓" if c["pk"] else ""])
        b.data_table(doc, headers, rows, widths, size=8)
        extras = ["{}: {}".format(t("doc.manual.index", lang), i["name"])
                  for i in tbl["indexes"]]
        extras += ["{}: {}".format(t("doc.manual.trigger", lang), name)
                   for name in tbl["triggers"]]
        for line in extras:
            b.para(doc, line, size=8.5)
