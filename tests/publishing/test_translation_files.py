"""PO and XLIFF translation files: lossless round trips and clear refusals."""

import pytest

from publishing.translation_files import (
    MAX_FILE_BYTES,
    TranslationFileError,
    Unit,
    check_ids,
    from_po,
    from_xliff,
    read_file,
    read_po,
    read_xliff,
    to_po,
    to_xliff,
)

UNITS = [
    Unit(
        "learn.article:1b2c:body",
        '## What is MS?\n\nMS is "multiple sclerosis".\n\n- one\n- two [^1]\n\n  indented  \n',
        "## ¿Qué es la EM?\n\nLa EM es la «esclerosis múltiple».\n\n- uno\n- dos [^1]\n",
        "Markdown. Keep [^1] markers.\nSecond line of the note.",
    ),
    Unit("learn.article:1b2c:title", "What is MS?", "", ""),
    Unit("quizzes.choice:9:text", "It's <b>not</b> & 'never' a cure", "No es una cura", ""),
    Unit("learn.module:7:summary", " leading and trailing spaces ", "  ", ""),
    Unit("editorial.glossaryterm:3:term", "myelin", "mielina", "Glossary: ñandú, 𝔘nicode"),
]


@pytest.mark.parametrize(
    ("write", "read"),
    [
        (lambda units: to_po(units, "es"), from_po),
        (lambda units: to_xliff(units, "en", "es"), from_xliff),
    ],
    ids=["po", "xliff"],
)
def test_round_trip_loses_nothing(write, read):
    text = write(UNITS)
    assert read(text) == UNITS
    assert write(read(text)) == text
    assert read(text.encode("utf-8")) == UNITS


def test_files_say_their_language():
    assert read_po(to_po(UNITS, "es")).language == "es"
    xliff = read_xliff(to_xliff(UNITS, "en", "es"))
    assert (xliff.format, xliff.language) == ("xliff", "es")


def test_read_file_tells_formats_apart_by_content():
    assert read_file(to_po(UNITS, "es")).format == "po"
    assert read_file(to_xliff(UNITS, "en", "es")).format == "xliff"


def test_crlf_line_ends_become_newlines_in_both_formats():
    units = [Unit("a", "one\r\ntwo", "uno\r\ndos")]
    expected = [Unit("a", "one\ntwo", "uno\ndos")]
    assert from_po(to_po(units, "es")) == expected
    assert from_xliff(to_xliff(units, "en", "es")) == expected


def test_blank_lines_in_notes_are_dropped_the_same_way_in_both_formats():
    units = [Unit("a", "x", "", "first\n\n  \nsecond  ")]
    expected = [Unit("a", "x", "", "first\nsecond")]
    assert from_po(to_po(units, "es")) == expected
    assert from_xliff(to_xliff(units, "en", "es")) == expected


def test_fuzzy_po_entries_count_as_untranslated():
    text = to_po([Unit("a", "Hello", "Hola")], "es").replace('msgctxt "a"', '#, fuzzy\nmsgctxt "a"')
    assert from_po(text) == [Unit("a", "Hello", "")]


def test_writing_refuses_duplicate_ids_and_empty_sources():
    with pytest.raises(TranslationFileError, match="more than once"):
        to_po([Unit("a", "x"), Unit("a", "y")], "es")
    with pytest.raises(TranslationFileError):
        to_xliff([Unit("a", "")], "en", "es")


def test_duplicate_ids_in_a_file_are_refused():
    po = to_po([Unit("a", "x", "1"), Unit("b", "y", "2")], "es").replace('"b"', '"a"')
    with pytest.raises(TranslationFileError, match="“a” appears more than once"):
        from_po(po)
    xliff = to_xliff([Unit("a", "x"), Unit("b", "y")], "en", "es").replace('id="b"', 'id="a"')
    with pytest.raises(TranslationFileError, match="more than once"):
        from_xliff(xliff)


def test_po_entry_without_id_is_refused():
    with pytest.raises(TranslationFileError, match="no id"):
        from_po('msgid "Hello"\nmsgstr "Hola"\n')


@pytest.mark.parametrize(
    "text",
    [
        'msgid "unterminated\nmsgstr "x"\n',
        'msgctxt "a"\nmsgid "x"\nmsgstr "y"\nnonsense line\n',
        'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n"dangling\n',
        "hello world\n",
    ],
)
def test_malformed_po_is_refused(text):
    with pytest.raises(TranslationFileError, match="not a PO file"):
        from_po(text)


def test_po_text_is_never_taken_for_a_file_name(tmp_path):
    path = tmp_path / "secret.po"
    path.write_text(to_po([Unit("a", "secret", "secreto")], "es"))
    with pytest.raises(TranslationFileError):
        from_po(str(path))


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body>
<trans-unit id="a"><source>&lol2;</source></trans-unit></body></file></xliff>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body>
<trans-unit id="a"><source>&e;</source></trans-unit></body></file></xliff>"""


@pytest.mark.parametrize(
    "text",
    [
        "<xliff><unclosed></xliff>",
        BOMB,
        EXTERNAL,
        "<?xml version='1.0'?><html/>",
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file/></xliff>',
    ],
    ids=["broken", "entity-bomb", "external-entity", "not-xliff", "xliff-2"],
)
def test_malformed_or_unsafe_xliff_is_refused(text):
    with pytest.raises(TranslationFileError, match="XLIFF"):
        from_xliff(text)


def test_inline_xml_tags_in_a_target_are_refused_not_dropped():
    text = to_xliff([Unit("a", "Hello", "Hola")], "en", "es").replace(
        ">Hola<", "><g id='1'>Hola</g><"
    )
    with pytest.raises(TranslationFileError, match="XML tags"):
        from_xliff(text)


@pytest.mark.parametrize("read", [from_po, from_xliff, read_file])
def test_oversized_files_are_refused_before_parsing(read):
    with pytest.raises(TranslationFileError, match="too large"):
        read("#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(TranslationFileError, match="too large"):
        read(b"#" * (MAX_FILE_BYTES + 1))


@pytest.mark.parametrize("read", [from_po, from_xliff])
def test_empty_and_non_utf8_files_are_refused(read):
    with pytest.raises(TranslationFileError, match="empty"):
        read("  \n")
    with pytest.raises(TranslationFileError, match="UTF-8"):
        read("msgid é".encode("latin-1"))


def test_unknown_ids_are_refused_with_their_names():
    units = [Unit("a", "x"), Unit("zzz", "y")]
    assert check_ids(units[:1], {"a", "b"}) == units[:1]
    with pytest.raises(TranslationFileError, match="zzz"):
        check_ids(units, {"a", "b"})


def test_errors_are_translated(settings):
    from django.utils import translation

    with translation.override("es"), pytest.raises(TranslationFileError) as error:
        from_po("  ")
    assert "vacío" in str(error.value)
