"""Termbase files: CSV and TBX round trips, foreign TBX dialects, bad and hostile files."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from l10n.errors import InputError
from l10n.terms import (
    Concept,
    Term,
    Termbase,
    TermMatcher,
    dump_csv,
    dump_tbx,
    parse_csv,
    parse_tbx,
    read_termbase,
    write_termbase,
)
from l10n.terms.tbx import TermbaseNote

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary" / "migration.csv"


@pytest.fixture
def termbase() -> Termbase:
    return Termbase.of(
        [
            Concept(
                "smuggling",
                (
                    Term("trafic illicite de migrants", "fr", part_of_speech="noun"),
                    Term("smuggling of migrants", "en"),
                    Term("trafficking", "en", "forbidden", note="that is traite"),
                    Term("migrant | smuggling", "en", "deprecated"),
                ),
                definition="Procuring illegal entry, for a benefit.",
                note="not trafficking",
                source="IOM Glossary on Migration 2019",
                subject="smuggling",
            ),
            Concept(
                "avrr",
                (
                    Term("AVRR", "fr", acronym=True, do_not_translate=True),
                    Term("aide au retour volontaire et à la réintégration", "fr", "admitted"),
                    Term("AVRR", "en", acronym=True, do_not_translate=True, case_sensitive=True),
                ),
            ),
            Concept("brand", (Term("Falah", "fr", do_not_translate=True),)),
            Concept(
                "gcc",
                (Term("CCG", "fr", acronym=True), Term("مجلس التعاون الخليجي", "ar")),
            ),
        ]
    )


def test_csv_round_trip(termbase):
    text = dump_csv(termbase)
    again = parse_csv(text)
    assert list(again) == list(termbase)
    assert again.version == termbase.version
    assert dump_csv(again) == text


def test_tbx_round_trip(termbase):
    again = parse_tbx(dump_tbx(termbase))
    assert list(again) == list(termbase)
    assert again.version == termbase.version


def test_files_by_extension(termbase, tmp_path):
    for name in ("tb.csv", "tb.tsv", "tb.tbx"):
        write_termbase(termbase, tmp_path / name)
        assert list(read_termbase(tmp_path / name)) == list(termbase)
    with pytest.raises(InputError, match="unknown termbase file type '.xlsx'"):
        read_termbase(tmp_path / "tb.xlsx")


def test_shipped_glossary_round_trips_through_csv_and_tbx():
    tb = read_termbase(GLOSSARY)
    assert list(parse_csv(dump_csv(tb))) == list(tb)
    assert list(parse_tbx(dump_tbx(tb))) == list(tb)


def test_csv_defaults_first_term_preferred_then_admitted():
    tb = parse_csv("id,fr,en_status,en\nx,traite des personnes|traite,,trafficking in persons\n")
    (concept,) = tb
    assert [(t.text, t.status) for t in concept.terms_for("fr")] == [
        ("traite des personnes", "preferred"),
        ("traite", "admitted"),
    ]


def test_csv_cells_with_backslashes_import_as_written():
    """A backslash escapes ``|`` and itself; a lone one at the end of a cell (a path, a
    typo) escapes nothing and stays, instead of failing the whole import."""
    tb = parse_csv('id,fr,en\nx,"dossier C:\\",a\\|b|c\\\\d|fin\\\n')
    (concept,) = tb
    assert [(t.lang, t.text) for t in concept.terms] == [
        ("fr", "dossier C:\\"),
        ("en", "a|b"),
        ("en", "c\\d"),
        ("en", "fin\\"),
    ]
    assert list(parse_csv(dump_csv(tb))) == list(tb)


def test_csv_without_id_gets_a_stable_one():
    one = parse_csv("fr,en\nréfugié,refugee\n")
    two = parse_csv("fr,en\nréfugié,refugee\n")
    assert [c.id for c in one] == [c.id for c in two]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,fr,colour\n", "line 1: unknown column 'colour'"),
        ("id,source\nx,IOM\n", "line 1: no language column"),
        ("id,fr,fr_status\na,x,preferred\nb,y|z,preferred|banned\n", "line 3: Unknown term status"),
        ("id,fr,fr_flags\na,x,acronym shouty\n", "line 2: unknown flag 'shouty'"),
        ("id,fr,fr_status\na,x,preferred|admitted\n", "line 2: column fr_status has 2 items"),
        ("id,fr\na,x\na,y\n", "line 3: the concept id 'a' is already used on line 2"),
        ("id,fr\na,x||y\n", "line 2: an empty term"),
        ("id,fr\na,x,y\n", "line 2: 3 cells for 2 columns"),
    ],
)
def test_malformed_csv_names_the_line(text, message):
    with pytest.raises(InputError) as err:
        parse_csv(text, "bad.csv")
    assert err.value.message.startswith("bad.csv: ")
    assert message in err.value.message


TBX_HEAD = '<?xml version="1.0"?>\n<martif type="TBX-Basic" xml:lang="fr"><text><body>\n'
TBX_TAIL = "</body></text></martif>\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<termEntry id="a"><langSet><tig><term>x</term></tig></langSet></termEntry>\n',
            "line 3: <langSet>: no xml:lang attribute",
        ),
        (
            '<termEntry id="a">\n<langSet xml:lang="fr"><tig><termNote>x</termNote></tig>'
            "</langSet></termEntry>\n",
            "line 4: <tig>: no <term> element",
        ),
        (
            '<termEntry id="a"><langSet xml:lang="../en"><tig><term>x</term></tig></langSet>'
            "</termEntry>\n",
            "line 3: <langSet>: '../en' is not a language code",
        ),
        (
            '<termEntry id="a"><langSet xml:lang="fr"><tig><term>x</term>\n'
            '<termNote type="administrativeStatus">mandatory</termNote></tig></langSet>'
            "</termEntry>\n",
            "line 4: <termNote>: unknown administrative status 'mandatory'",
        ),
        ('<termEntry id="a"></termEntry>\n', "line 3: <termEntry>: the entry has no terms"),
        ("<glossary/>\n", "line 3: <glossary>: unexpected element in <body>"),
        ('<termEntry id="a"><langSet xml:lang="fr"><tig><term>x</tig>', "line 3: not well-formed"),
    ],
)
def test_malformed_tbx_names_line_and_element(body, message):
    with pytest.raises(InputError) as err:
        parse_tbx((TBX_HEAD + body + TBX_TAIL).encode(), "bad.tbx")
    assert err.value.message.startswith("bad.tbx: ")
    assert message in err.value.message


def test_empty_terms_and_entries_left_without_terms_are_skipped_with_a_note():
    """SDLX and MultiTerm write <term/> for a concept with no term in a language: the rest
    of the file is imported, each skip is reported with its line."""
    body = (
        '<termEntry id="a">\n<langSet xml:lang="de"><ntig><termGrp><term/></termGrp></ntig>'
        '</langSet>\n<langSet xml:lang="en"><tig><term>backslant</term></tig></langSet>'
        '</termEntry>\n<termEntry id="b">\n<langSet xml:lang="fr"><tig><term> </term></tig>'
        "</langSet></termEntry>\n"
    )
    with pytest.warns(TermbaseNote) as notes:
        tb = parse_tbx((TBX_HEAD + body + TBX_TAIL).encode(), "sdlx.tbx")
    assert [(t.lang, t.text) for t in tb.get("a").terms] == [("en", "backslant")]
    assert "b" not in tb
    assert [str(n.message) for n in notes] == [
        "sdlx.tbx: line 4: <ntig>: an empty term in de skipped",
        "sdlx.tbx: line 7: <tig>: an empty term in fr skipped",
        "sdlx.tbx: line 6: <termEntry>: skipped: every term of the entry is empty",
    ]


def test_language_level_definitions_are_kept():
    """TBX-Basic v3, MultiTerm and IATE put definitions in langSec/descripGrp: the one in the
    file's language becomes the concept definition (with its source), the others go to the
    concept note."""
    data = (
        '<?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en"><text><body>'
        '<conceptEntry id="c1"><note>G-Source: drexel</note>'
        '<langSec xml:lang="es"><descripGrp><descrip type="definition">Una acumulación.'
        "</descrip></descripGrp><termSec><term>cúmulo abierto</term></termSec></langSec>"
        '<langSec xml:lang="en"><descripGrp><descrip type="definition">A group of stars.'
        '</descrip><admin type="source">Oxford2007</admin></descripGrp>'
        "<note>Also galactic cluster.</note>"
        "<termSec><term>open cluster</term></termSec></langSec>"
        "</conceptEntry></body></text></tbx>"
    ).encode()
    (concept,) = parse_tbx(data)
    assert concept.definition == "A group of stars."
    assert concept.source == "Oxford2007"
    assert concept.note == (
        "G-Source: drexel | [es] definition: Una acumulación. | [en] note: Also galactic cluster."
    )
    # A concept-level definition wins, and what we write reads back the same.
    (again,) = parse_tbx(dump_tbx(Termbase.of([concept])))
    assert again == concept


def test_not_a_tbx_file():
    with pytest.raises(InputError, match="the root element is <html>, not a TBX file"):
        parse_tbx(b"<html><body/></html>", "page.tbx")


def test_xxe_is_refused_and_nothing_is_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<martif><text><body><termEntry id="a"><langSet xml:lang="fr"><tig><term>&x;</term>'
        "</tig></langSet></termEntry></body></text></martif>"
    ).encode()
    with pytest.raises(InputError, match="xxe.tbx: refused entity 'x' that would read") as err:
        parse_tbx(data, "xxe.tbx")
    assert "TOP SECRET" not in str(err.value)


def test_billion_laughs_is_refused():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE martif [{entities}]>\n'
        '<martif><text><body><termEntry id="a"><langSet xml:lang="fr"><tig><term>&lol9;</term>'
        "</tig></langSet></termEntry></body></text></martif>"
    ).encode()
    with pytest.raises(InputError, match="lol.tbx: .*entity expansion bomb"):
        parse_tbx(data, "lol.tbx")


def test_harmless_internal_entities_are_expanded():
    """Termbases exported by some tools declare entities for repeated names in the DOCTYPE;
    those are text, and the terms read with them expanded."""
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY iom "OIM"><!-- the agency -->]>\n'
        b'<martif><text><body><termEntry id="a"><langSet xml:lang="fr">'
        b"<tig><term>&iom;</term><!-- note --></tig><tig><term>personnel de l'&iom;</term></tig>"
        b"</langSet></termEntry></body></text></martif>"
    )
    (concept,) = parse_tbx(data, "ent.tbx")
    assert [t.text for t in concept.terms] == ["OIM", "personnel de l'OIM"]


def test_external_dtd_is_not_fetched():
    data = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE martif SYSTEM "http://127.0.0.1:9/TBXcoreStructV02.dtd">\n'
        b'<martif type="TBX"><text><body><termEntry id="a"><langSet xml:lang="fr"><tig>'
        b"<term>apatride</term></tig></langSet></termEntry></body></text></martif>"
    )
    (concept,) = parse_tbx(data, "ext.tbx")
    assert concept.terms[0].text == "apatride"


def test_tbx_statuses_and_weblate_do_not_translate():
    data = (
        b'<?xml version="1.0"?><martif xmlns="urn:iso:std:iso:30042:ed-2" type="TBX"><text><body>'
        b'<termEntry id="w"><descrip type="Translation needed">No</descrip>'
        b'<langSet xml:lang="en"><tig><term>Weblate</term></tig></langSet></termEntry>'
        b'<termEntry id="s"><langSet xml:lang="en">'
        b'<tig><term>a</term><termNote type="administrativeStatus">preferredTerm-admn-sts'
        b"</termNote></tig>"
        b'<tig><term>b</term><termNote type="administrativeStatus">admitted</termNote></tig>'
        b'<tig><term>c</term><termNote type="administrativeStatus">supersededTerm-admn-sts'
        b"</termNote></tig>"
        b'<tig><term>d</term><termNote type="administrativeStatus">deprecatedTerm</termNote></tig>'
        b'<ntig><termGrp><term>e</term></termGrp><termNote type="administrativeStatus">forbidden'
        b'</termNote><termNote type="termType">acronym</termNote>'
        b'<termNote type="translationNote">no</termNote></ntig>'
        b"</langSet></termEntry></body></text></martif>"
    )
    tb = parse_tbx(data)
    assert [t.do_not_translate for t in tb.get("w").terms] == [True]
    terms = tb.get("s").terms
    assert [t.status for t in terms] == [
        "preferred",
        "admitted",
        "deprecated",
        "deprecated",
        "forbidden",
    ]
    assert (terms[4].acronym, terms[4].do_not_translate) == (True, True)


def test_tbx_v3_is_read():
    data = (
        '<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" '
        'style="dca" xml:lang="fr"><tbxHeader/><text><body>'
        '<conceptEntry id="ref"><descrip type="subjectField">protection</descrip>'
        '<langSec xml:lang="fr"><termSec><term>réfugié</term>'
        '<termNote type="partOfSpeech">noun</termNote></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>refugee</term>'
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>'
        "</langSec></conceptEntry></body></text></tbx>"
    ).encode()
    (concept,) = parse_tbx(data)
    assert concept.subject == "protection"
    assert [(t.lang, t.text, t.part_of_speech) for t in concept.terms] == [
        ("fr", "réfugié", "noun"),
        ("en", "refugee", ""),
    ]


def test_exported_tbx_is_read_by_translate_toolkit(termbase):
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile.parsestring(dump_tbx(termbase), sourcelanguage="fr", targetlanguage="en")
    units = {u.getid(): u for u in store.units}
    assert units["smuggling"].source == "trafic illicite de migrants"
    assert units["smuggling"].target == "smuggling of migrants"
    assert units["avrr"].istranslatable()  # only some terms are do-not-translate
    assert not units["brand"].istranslatable()  # Weblate's "Translation needed: No"


def test_shipped_glossary_is_complete_and_cited():
    tb = read_termbase(GLOSSARY)
    assert len(tb) >= 60
    assert set(tb.languages) == {"fr", "en", "es", "ar"}
    assert all(c.source for c in tb)
    fr = TermMatcher(tb, "fr")
    (ccg,) = fr.match("les pays du CCG")
    assert ccg.preferred("en").text == "GCC"
    assert ccg.preferred("ar").text == "مجلس التعاون الخليجي"
    (smuggling,) = fr.match("le trafic illicite de migrants")
    assert "trafficking" in [t.text for t in smuggling.forbidden("en")]
    assert fr.match("Le traité de Rome") == []
    (iom,) = TermMatcher(tb, "es").match("la OIM")
    assert iom.preferred("ar").text == "المنظمة الدولية للهجرة"


def test_cli_import_reports_skipped_terms_and_export_refuses_a_folder(tmp_path):
    from click.testing import CliRunner

    from l10n.cli import cli
    from l10n.workspace_init import init_workspace

    init_workspace(tmp_path, source_lang="en", target_langs=["de"], with_glossary=False)
    path = tmp_path / "sdlx.tbx"
    path.write_text(
        TBX_HEAD + '<termEntry id="a">\n<langSet xml:lang="de"><tig><term/></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>backslant</term></tig></langSet></termEntry>\n'
        + TBX_TAIL
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(tmp_path), "glossary", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"note: {path}: line 4: <tig>: an empty term in de skipped\n"
    assert '"notes": [' in result.stdout and '"added": 1' in result.stdout
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(cli, ["-w", str(tmp_path), "glossary", "export", "-o", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder} is a directory. Give a file path to -o.\n"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"en;es\r\nmigrant;migrante\r\n", "excel-fr.csv"),  # Excel in European locales
        ("en\tes\r\nmigrant\tmigrante\r\n".encode("utf-16"), "unicode-text.txt.csv"),
        (codecs.BOM_UTF16_BE + "en,es\nmigrant,migrante\n".encode("utf-16-be"), "be.csv"),
        (codecs.BOM_UTF8 + b'"en","es"\nmigrant,migrante\n', "bom.csv"),
        (b"en\tes\nmigrant\tmigrante\n", "tabs.csv"),
    ],
)
def test_csv_delimiter_and_encoding_from_the_file(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    (concept,) = read_termbase(path, "csv")
    assert [(t.lang, t.text) for t in concept.terms] == [("en", "migrant"), ("es", "migrante")]


def test_semicolon_inside_quotes_does_not_make_it_the_delimiter():
    (concept,) = parse_csv('en,"note"\nmigrant,"a; b; c"\n', "x.csv")
    assert concept.note == "a; b; c"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("en,ar\nx,y\n".encode("utf-16-le"), "looks like UTF-16 without a byte-order mark"),
        (b"en,fr\nmigrant,r\xe9fugi\xe9\n", "not UTF-8 text (byte 15)"),
        (codecs.BOM_UTF16_LE + b"e\x00n\x00\x00\xd8", "not valid UTF-16-LE although its"),
        (b"id,foo,bar\nc1,a,b\n", "line 1: unknown column 'foo'"),
        (b"en,fr\nx\x00\x01\x02,y\n", "a binary file, not text"),  # not language codes
    ],
)
def test_undecodable_csv_is_refused(tmp_path, data, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_termbase(path)
    assert message in err.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", ["pipe.csv", "pipe.tbx"])
def test_a_named_pipe_is_refused_without_blocking(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is not a regular file"):
        read_termbase(fifo)  # no writer: a blocking open would hang here
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_termbase(tmp_path / "folder.csv")


def test_tsv_is_a_format_name_as_the_cli_help_says(termbase, tmp_path):
    from l10n.terms import FORMATS, format_for

    data = FORMATS["tsv"].serialize(termbase)
    assert data.splitlines()[0].split(b"\t")[:2] == [b"id", b"subject"]
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    assert read_termbase(path, "tsv") == termbase
    assert format_for(tmp_path / "x.tsv").name == "tsv"
