"""Translation files: the units of a translation job written as PO or XLIFF 1.2, and read back.

This module owns the file formats only; it knows no models. An exporter (for example the
module export in quizzes) turns content into `Unit`s, a translator fills in the targets with
any PO or XLIFF tool, and the importer matches the units it reads back by their ids.

Uploaded files are untrusted: they are size-limited, XML is parsed with defusedxml (no DTDs,
entities or external references), and every problem is a `TranslationFileError` with a
message a translator can act on. Reading never changes anything.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
import polib
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Unit:
    """One piece of text to translate: `id` says where it belongs, e.g.
    "learn.article:<translation_key>:body"; `note` helps the translator (never imported)."""

    id: str
    source: str
    target: str = ""
    note: str = ""


@dataclass(frozen=True)
class TranslationFile:
    """What a file holds: its format ("po" or "xliff"), target language and units."""

    format: str
    language: str
    units: list


class TranslationFileError(ValueError):
    """The file cannot be used; the message says why in the reader's language."""


def _lines(text):
    # XML turns "\r\n" into "\n" when it is read; doing it here keeps both formats lossless.
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _note(text):
    """A note without blank lines: PO comments cannot hold them, so neither format writes them."""
    return "\n".join(line.rstrip() for line in _lines(text).split("\n") if line.strip())


def _checked_units(units):
    """The units, refused when one has no id or source, or two share an id."""
    seen = set()
    for unit in units:
        if not unit.id or not unit.source:
            raise TranslationFileError(_("Every text needs an id and an English text."))
        if unit.id in seen:
            raise TranslationFileError(
                _("The id “%(id)s” appears more than once in the file.") % {"id": unit.id}
            )
        seen.add(unit.id)
    return units


def _decoded(data):
    """The file's text, refused when it is too large, empty or not UTF-8."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise TranslationFileError(
            _("The file is too large: at most %(size)d MB is accepted.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TranslationFileError(_("The file is not UTF-8 text.")) from error
    if not data.strip():
        raise TranslationFileError(_("The file is empty."))
    return data


# PO ----------------------------------------------------------------------------------------


def to_po(units, language):
    """A PO file: the id is each entry's msgctxt, the English text its msgid, the note an
    extracted comment (#.)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "msportal",
    }
    for unit in _checked_units(list(units)):
        po.append(
            polib.POEntry(
                msgctxt=unit.id,
                msgid=_lines(unit.source),
                msgstr=_lines(unit.target),
                comment=_note(unit.note),
            )
        )
    return str(po) + "\n"


# A PO line is blank, a comment, a keyword with a quoted string, or a quoted continuation. polib
# itself is lenient (it silently cuts an unterminated string), so lines are checked first.
_PO_LINE = re.compile(
    r'\s*(?:|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"'
    r'|"(?:[^"\\]|\\.)*")\s*'
)


def _check_po_lines(text):
    for number, line in enumerate(text.split("\n"), start=1):
        if not _PO_LINE.fullmatch(line):
            raise TranslationFileError(
                _("This is not a PO file we can read: line %(number)d is not valid.")
                % {"number": number}
            )


def read_po(data):
    """A `TranslationFile` from PO text. Fuzzy entries count as not translated yet."""
    text = _decoded(data)
    _check_po_lines(_lines(text))
    try:
        # The leading newline keeps polib from ever taking the text for a file name.
        po = polib.pofile("\n" + text, encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as error:
        raise TranslationFileError(
            _("This is not a PO file we can read: %(problem)s") % {"problem": error}
        ) from error
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgctxt:
            raise TranslationFileError(
                _("The entry “%(text)s” has no id (msgctxt); export the file again.")
                % {"text": entry.msgid[:60]}
            )
        target = "" if entry.fuzzy else entry.msgstr
        units.append(Unit(entry.msgctxt, entry.msgid, target, entry.comment))
    language = po.metadata.get("Language", "").strip()
    return TranslationFile("po", language, _checked_units(units))


def from_po(text):
    return read_po(text).units


# XLIFF 1.2 ---------------------------------------------------------------------------------


def to_xliff(units, source_lang, target_lang):
    """An XLIFF 1.2 document with one <trans-unit> per unit, whitespace preserved."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", version="1.2")
    file = ET.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {
            "original": "msportal",
            "datatype": "plaintext",
            "source-language": source_lang,
            "target-language": target_lang,
        },
    )
    body = ET.SubElement(file, f"{{{XLIFF_NS}}}body")
    for unit in _checked_units(list(units)):
        element = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": unit.id})
        element.set(XML_SPACE, "preserve")
        ET.SubElement(element, f"{{{XLIFF_NS}}}source").text = _lines(unit.source)
        target = ET.SubElement(element, f"{{{XLIFF_NS}}}target")
        target.text = _lines(unit.target)
        target.set("state", "translated" if unit.target else "needs-translation")
        if _note(unit.note):
            ET.SubElement(element, f"{{{XLIFF_NS}}}note").text = _note(unit.note)
    ET.indent(root, space="  ")
    # indent() must not touch the texts: it only adds whitespace between elements, and every
    # text element's content was set above, so the texts stay byte for byte.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _text(element, name):
    child = element.find(f"{{{XLIFF_NS}}}{name}")
    # Inline markup (<g>, <x/>…) is not something we export; refuse it rather than lose it.
    if child is not None and len(child):
        raise TranslationFileError(
            _("The text of “%(id)s” holds XML tags; please remove them.")
            % {"id": element.get("id", "")}
        )
    return "" if child is None else (child.text or "")


def read_xliff(data):
    """A `TranslationFile` from XLIFF 1.2 text (one <file> element)."""
    text = _decoded(data)
    try:
        root = SafeET.fromstring(text.encode("utf-8"), forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise TranslationFileError(
            _("This is not an XLIFF file we can read: %(problem)s") % {"problem": error}
        ) from error
    files = root.findall(f"{{{XLIFF_NS}}}file")
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "1.2" or len(files) != 1:
        raise TranslationFileError(
            _("This is not an XLIFF 1.2 file with one <file> element, as exported here.")
        )
    units = []
    for element in files[0].iter(f"{{{XLIFF_NS}}}trans-unit"):
        note = "\n".join(n.text or "" for n in element.findall(f"{{{XLIFF_NS}}}note"))
        units.append(
            Unit(element.get("id", ""), _text(element, "source"), _text(element, "target"), note)
        )
    language = (files[0].get("target-language") or "").strip()
    return TranslationFile("xliff", language, _checked_units(units))


def from_xliff(text):
    return read_xliff(text).units


# Both --------------------------------------------------------------------------------------


def read_file(data):
    """A `TranslationFile` from PO or XLIFF, told apart by the content (not the file name)."""
    text = _decoded(data)
    if text.lstrip().startswith("<"):
        return read_xliff(text)
    return read_po(text)


def check_ids(units, known_ids):
    """Refuse units whose id is not one of `known_ids` (another module, or a tampered file)."""
    unknown = [unit.id for unit in units if unit.id not in known_ids]
    if unknown:
        raise TranslationFileError(
            _("The file has texts this module does not have: %(ids)s")
            % {"ids": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )
    return units
