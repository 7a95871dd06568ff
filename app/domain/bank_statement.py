"""Reading a bank statement in the 1CClientBankExchange format (version 1.03).

Pure: bytes in, records out. The encoding is what the header says (Кодировка=Windows is
Windows-1251, anything else DOS 866). Every key is kept, the ones we do not know too
(Kazakh banks add their own for BIN, IIK, KNP, Kbe); every error names its line."""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from app.domain.errors import ValidationError

MAGIC = "1CClientBankExchange"
ENCODING_KEY = "Кодировка"
ENCODINGS = {"windows": "cp1251", "dos": "cp866"}
DAY_RE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
AMOUNT_RE = re.compile(r"^\d{1,13}(\.\d{1,2})?$")
TAX_RE = re.compile(r"(?<!\d)(\d{12})(?!\d)")
# invoice numbers as app.storage.invoices.format_number writes them: 2026-000123
INVOICE_RE = re.compile(r"(?<!\d)(20\d\d)-(\d{6})(?!\d)")
SECTIONS = {"СекцияРасчСчет": "КонецРасчСчет", "СекцияДокумент": "КонецДокумента"}
END = "КонецФайла"


@dataclass(frozen=True)
class Document:
    line: int                      # where its section starts in the file
    kind: str                      # "Платежное поручение"…
    number: str
    day: date                      # Дата: the bank's document date
    amount: Decimal
    fields: Dict[str, str] = field(default_factory=dict)  # every key as the file has it

    def get(self, key, default="") -> str:
        return self.fields.get(key, default)

    @property
    def received(self) -> date:
        """The day the money came (ДатаПоступило), else the document's date."""
        value = self.fields.get("ДатаПоступило", "")
        match = DAY_RE.match(value)
        if match:
            try:
                return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                pass
        return self.day

    @property
    def payer_account(self) -> str:
        return (self.get("ПлательщикСчет") or self.get("ПлательщикИИК")
                or self.get("ПлательщикРасчСчет")).replace(" ", "").upper()

    @property
    def payee_account(self) -> str:
        return (self.get("ПолучательСчет") or self.get("ПолучательИИК")
                or self.get("ПолучательРасчСчет")).replace(" ", "").upper()

    @property
    def payer_name(self) -> str:
        return self.get("Плательщик1") or self.get("Плательщик")

    @property
    def purpose(self) -> str:
        return self.get("НазначениеПлатежа")

    @property
    def payer_bin(self) -> str:
        """The payer's 12-digit BIN/IIN wherever the bank put it: a key named for it first
        (ПлательщикБИН, ПлательщикИИН, ПлательщикБИН_ИИН, ПлательщикИНН…), then any other
        payer key holding 12 digits (some banks write it into the name)."""
        payer = [(k, v) for k, v in self.fields.items() if k.startswith("Плательщик")]
        named = [v for k, v in payer if any(s in k.upper() for s in ("БИН", "ИИН", "ИНН"))]
        for value in named + [v for _, v in payer]:
            found = TAX_RE.search(value.replace(" ", ""))
            if found:
                return found.group(1)
        return ""

    def invoice_numbers(self) -> List[str]:
        out = []
        for year, seq in INVOICE_RE.findall(self.purpose):
            number = "{}-{}".format(year, seq)
            if number not in out:
                out.append(number)
        return out


@dataclass(frozen=True)
class Statement:
    header: Dict[str, str]
    accounts: Tuple[Dict[str, str], ...]
    documents: Tuple[Document, ...]
    encoding: str


def _bad(key, line, **params):
    return ValidationError(key, "file", line=line, **params)


def encoding_of(data: bytes) -> str:
    """cp1251 or cp866, as the Кодировка line says; DOS when there is none (the format's
    default)."""
    for codec in ("cp1251", "cp866"):
        marker = (ENCODING_KEY + "=").encode(codec)
        at = data.find(marker)
        if at >= 0:
            end = data.find(b"\n", at)
            value = data[at + len(marker):end if end >= 0 else len(data)]
            value = value.decode(codec, "replace").strip().lower()
            return ENCODINGS.get(value, "cp866")
    return "cp866"


def _day(value, line) -> date:
    match = DAY_RE.match(value)
    if not match:
        raise _bad("error.statement.bad_date", line, value=value)
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        raise _bad("error.statement.bad_date", line, value=value) from None


def _document(kind, start, fields, lines) -> Document:
    for key in ("Номер", "Дата", "Сумма"):
        if not fields.get(key):
            raise _bad("error.statement.missing_key", start, name=key)
    amount = fields["Сумма"].replace(" ", "")
    if not AMOUNT_RE.match(amount) or Decimal(amount) <= 0:
        raise _bad("error.statement.bad_amount", lines["Сумма"], value=fields["Сумма"])
    return Document(start, kind, fields["Номер"], _day(fields["Дата"], lines["Дата"]),
                    Decimal(amount).quantize(Decimal("0.01")), dict(fields))


def parse(data: bytes) -> Statement:
    """The statement in `data`, or a ValidationError on field "file" with `line` (1-based)."""
    if not data.strip():
        raise _bad("error.statement.empty", 1)
    codec = encoding_of(data)
    text = data.decode(codec, "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].strip() != MAGIC:
        raise _bad("error.statement.not_1c", 1)
    header: Dict[str, str] = {}
    accounts: List[Dict[str, str]] = []
    documents: List[Document] = []
    section: Optional[Tuple[str, str, int]] = None   # (opening key, kind, its line)
    fields: Dict[str, str] = {}
    where: Dict[str, int] = {}
    ended = False
    for n, raw in enumerate(lines[1:], 2):
        line = raw.strip()
        if not line:
            continue
        if ended:
            raise _bad("error.statement.after_end", n)
        key, eq, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if key in SECTIONS:
            if section is not None:
                raise _bad("error.statement.unclosed", section[2], end=SECTIONS[section[0]])
            section, fields, where = (key, value, n), {}, {}
            continue
        if section is not None and key == SECTIONS[section[0]]:
            if section[0] == "СекцияДокумент":
                documents.append(_document(section[1], section[2], fields, where))
            else:
                accounts.append(dict(fields))
            section = None
            continue
        if key == END:
            if section is not None:
                raise _bad("error.statement.unclosed", section[2], end=SECTIONS[section[0]])
            ended = True
            continue
        if key in SECTIONS.values():
            raise _bad("error.statement.stray_end", n, name=key)
        if not eq or not key:
            raise _bad("error.statement.bad_line", n)
        if section is None:
            header[key] = value
        else:
            fields[key] = value
            where[key] = n
    if section is not None:
        raise _bad("error.statement.unclosed", section[2], end=SECTIONS[section[0]])
    if not ended:
        raise _bad("error.statement.no_end", len(lines))
    return Statement(header, tuple(accounts), tuple(documents), codec)


def document_lines(kind, number, day, amount, fields) -> List[str]:
    """One payment's section as text lines (the demo writes statements for its import)."""
    out = ["СекцияДокумент=" + kind, "Номер=" + number, "Дата=" + day,
           "Сумма={}".format(Decimal(amount).quantize(Decimal("0.01")))]
    out += ["{}={}".format(k, v) for k, v in fields.items()]
    out.append(SECTIONS["СекцияДокумент"])
    return out


# Neither Windows-1251 nor DOS-866 has the Kazakh letters: a bank's export writes their Russian
# look-alikes («Самұрық» as «Самурык»), so a name stays readable
KAZAKH_LOOKALIKES = str.maketrans("әғқңөұүһӘҒҚҢӨҰҮҺ", "агкноуухАГКНОУУХ")


def encode(lines, codec="cp1251") -> bytes:
    """The lines as a file: CR LF, in the code page the header names; Kazakh letters as their
    look-alikes, anything else the code page lacks as «?»."""
    text = ("\r\n".join(lines) + "\r\n").translate(KAZAKH_LOOKALIKES)
    return text.encode(codec, "replace")
