"""TMX: reading 1.1 to 1.4b, inline codes, several targets, safe parsing, round trips,
the release exporter, and translate-toolkit reading what we write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from l10n import tm
from l10n.errors import InputError
from l10n.export import export_release
from l10n.ingest import ingest_file
from l10n.interchange import load_exporters
from l10n.interchange.tmx import read_tmx, write_tmx
from l10n.states import APPROVED
from l10n.store import Store

DATA = Path(__file__).resolve().parent / "data" / "tm"
NOW = "2026-01-01T00:00:00Z"


def test_reads_units_targets_codes_context_and_dates():
    units = list(read_tmx(DATA / "sample14.tmx"))
    assert len(units) == 4
    first, link, hi, orphan = units
    assert first.source.lang == "fr-FR"
    assert [(t.lang, t.text) for t in first.targets] == [
        ("en-US", "IOM Kuwait facilitates the voluntary return of 12 trafficking victims."),
        ("es", "La OIM en Kuwait facilita el retorno voluntario de 12 víctimas de trata."),
    ]
    assert (first.prev_hash, first.next_hash) == ("aaaa", "bbbb")
    assert first.created_at == "2016-02-15T10:15:00Z"
    assert (first.targets[0].author, first.targets[0].changed_at) == (
        "john",
        "2016-03-01T09:00:00Z",
    )

    assert link.source.text == "Lisez le ⟦1⟧rapport annuel⟦/1⟧ de l'OIM.⟦2/⟧"
    # The target's bpt has i="7": paired through x with the source's code 1.
    assert link.targets[0].text == "Read IOM's ⟦1⟧annual report⟦/1⟧.⟦2/⟧"
    codes = {(c["id"], c["kind"]): c for c in link.source.codes}
    assert codes[(1, "open")]["data"] == '<a href="/rapport">'
    assert codes[(1, "close")]["data"] == "</a>"
    assert codes[(2, "standalone")]["data"] == "<br/>"
    assert hi.source.text == "Le ⟦1⟧programme AVRR⟦/1⟧ a commencé⟦2/⟧ en 2015⟦3/⟧."
    assert orphan.source is None  # no fr-FR variant: skipped on import


def test_tmx_11_lang_attribute_and_declared_encoding():
    (unit,) = read_tmx(DATA / "tmx11.tmx")
    assert unit.source.lang == "fr-FR" and unit.source.text == "Bonjour à tous."
    assert [(t.lang, t.text) for t in unit.targets] == [("en-GB", "Hello everyone.")]


def test_srclang_all_uses_the_given_source(store):
    (unit,) = read_tmx(DATA / "all.tmx", fallback_source="fr")
    assert unit.source.text == "Bonjour."
    assert {t.lang for t in unit.targets} == {"en", "ar"}
    with pytest.raises(InputError, match=r"srclang is \*all\* and no source language was given"):
        list(read_tmx(DATA / "all.tmx"))


def test_round_trip_keeps_codes_targets_and_context(tmp_path):
    units = [u for u in read_tmx(DATA / "sample14.tmx") if u.source]
    path = tmp_path / "out.tmx"
    path.write_bytes(write_tmx(units, "fr-FR"))
    again = list(read_tmx(path))
    assert [u.source for u in again] == [u.source for u in units]
    assert [u.targets for u in again] == [u.targets for u in units]
    assert [(u.prev_hash, u.next_hash) for u in again] == [
        (u.prev_hash, u.next_hash) for u in units
    ]
    text = path.read_text(encoding="utf-8")
    assert '<ept i="1">&lt;/a&gt;</ept>' in text and '<hi type="b">programme AVRR</hi>' in text


def test_orphan_codes_are_written_as_isolated_tags(tmp_path):
    from l10n.interchange.tmx import TMXUnit, TMXVariant

    codes = [
        {"id": 1, "kind": "open", "data": "<b>", "type": "strong"},
        {"id": 2, "kind": "close", "data": "</i>", "type": "em"},
    ]
    unit = TMXUnit(
        source=TMXVariant("fr", "début ⟦1⟧gras et ⟦/2⟧fin", codes),
        targets=[TMXVariant("en", "start ⟦1⟧bold and ⟦/2⟧end", codes)],
    )
    data = write_tmx([unit], "fr").decode()
    assert '<it pos="begin" x="1" type="strong">&lt;b&gt;</it>' in data
    assert '<it pos="end" x="2" type="em">&lt;/i&gt;</it>' in data
    path = tmp_path / "o.tmx"
    path.write_text(data, encoding="utf-8")
    (back,) = read_tmx(path)
    assert back.source.text == "début ⟦1/⟧gras et ⟦2/⟧fin"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.tmx", r"truncated\.tmx is not valid TMX: .* \(line \d+\)"),
        ("xxe.tmx", r"xxe\.tmx declares XML entities in its DOCTYPE; refused"),
        ("billion_laughs.tmx", r"billion_laughs\.tmx declares XML entities"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_imported(store, tmp_path, name, message):
    # A good unit first, so a partial import would be visible.
    bad = tmp_path / name
    shutil.copyfile(DATA / name, bad)
    with pytest.raises(InputError, match=message):
        tm.import_tmx(store, bad)
    assert store.tm_count_units() == 0


def test_error_after_good_units_rolls_back_everything(store, tmp_path):
    text = (DATA / "sample14.tmx").read_text(encoding="utf-8")
    broken = text.replace('<tuv xml:lang="es"><seg>Una unidad', "<tuv><seg>Una unidad")
    path = tmp_path / "late-error.tmx"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"late-error\.tmx is not valid TMX: <tuv> without xml:lang \(line 2[0-9]\)",
    ):
        tm.import_tmx(store, path)
    assert store.tm_count_units() == 0


def test_undeclared_entity_and_non_tmx_are_refused(tmp_path):
    ent = tmp_path / "ent.tmx"
    ent.write_text(
        (DATA / "all.tmx").read_text(encoding="utf-8").replace("Bonjour.", "Bonjour&nbsp;!"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"not valid TMX: Entity 'nbsp' not defined \(line 7\)"):
        list(read_tmx(ent, fallback_source="fr"))
    # With a DOCTYPE naming an external DTD (not loaded), the entity stays unresolved.
    ent.write_text(
        ent.read_text(encoding="utf-8").replace(
            "<tmx", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"uses the entity &nbsp; \(line 8\); refused"):
        list(read_tmx(ent, fallback_source="fr"))
    other = tmp_path / "other.xml"
    other.write_text("<xliff version='1.2'/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"the root element is <xliff>, not <tmx>"):
        list(read_tmx(other))


def test_import_counts_and_languages(store):
    result = tm.import_tmx(store, DATA / "sample14.tmx")
    assert (result.tus, result.added, result.skipped) == (4, 4, 1)  # 3 fr units: 2 + 1 + 1 targets
    assert result.languages == ["en-US", "es", "fr-FR"]
    again = tm.import_tmx(store, DATA / "sample14.tmx")
    assert (again.added, again.duplicates) == (0, 4)
    (match,) = tm.lookup(store, "Lisez le ⟦1⟧rapport annuel⟦/1⟧ de l'OIM.⟦2/⟧", "fr", "en")
    assert match.score == 100  # fr-FR/en-US units serve a plain fr/en workspace in full
    assert match.origin == "tmx:sample14.tmx"
    assert match.target_codes[0]["data"] == '<a href="/report">'


def test_export_languages_and_multiple_targets(store, tmp_path):
    tm.import_tmx(store, DATA / "sample14.tmx")
    tm.import_tmx(store, DATA / "all.tmx", source_lang="fr")
    data, count = tm.export_tmx(store, "fr")
    assert count == 6
    path = tmp_path / "all-out.tmx"
    path.write_bytes(data)
    text = data.decode()
    assert 'srclang="fr"' in text and '<tu srclang="fr-FR"' in text
    units = list(read_tmx(path))
    first = next(u for u in units if u.source.text.startswith("L'OIM au Koweït"))
    assert [t.lang for t in first.targets] == ["en-US", "es"]  # one <tu>, two targets
    only_en, n = tm.export_tmx(store, "fr", ["en"])
    assert (
        n == 4
        and 'xml:lang="es"' not in only_en.decode()
        and 'xml:lang="ar"' not in only_en.decode()
    )


def test_translate_toolkit_reads_our_tmx(store, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    tm.import_tmx(store, DATA / "sample14.tmx")
    data, _ = tm.export_tmx(store, "fr", ["en"])
    path = tmp_path / "tt.tmx"
    path.write_bytes(data)
    store_tt = tmx.tmxfile.parsefile(str(path))
    pairs = {(u.source, u.target) for u in store_tt.units}
    assert (
        "L'OIM au Koweït facilite le retour volontaire de 12 victimes de traite.",
        "IOM Kuwait facilitates the voluntary return of 12 trafficking victims.",
    ) in pairs
    assert (
        'Lisez le <a href="/rapport">rapport annuel</a> de l\'OIM.<br/>',
        'Read IOM\'s <a href="/report">annual report</a>.<br/>',
    ) in pairs


def test_release_exporter(tmp_path):
    assert "tmx" in load_exporters()
    source = tmp_path / "note.fr.txt"
    source.write_text(
        "Premier paragraphe.\n\nL'OIM aide les *migrants* au Koweït.\n", encoding="utf-8"
    )
    store = Store.open(tmp_path / "ws.db", create=True)
    ingest_file(
        store, source, source_lang="fr", target_langs=["en"], user="coord", format_name="md"
    )
    segs = store.active_segments(1)
    seg = next(s for s in segs if "Koweït" in s["source"])
    assert "⟦1⟧" in seg["source"]
    store.change_translation(
        seg["id"],
        "en",
        target="IOM helps ⟦1⟧migrants⟦/1⟧ in Kuwait.",
        state=APPROVED,
        origin="human",
        user="rev",
        action="approve",
        now=NOW,
    )
    result = export_release(store, "note", "en", format_name="tmx", min_state=APPROVED)
    path = tmp_path / "note.tmx"
    path.write_bytes(result.content)
    (unit,) = read_tmx(path)
    assert unit.source.lang == "fr" and unit.targets[0].lang == "en"
    assert unit.targets[0].text == "IOM helps ⟦1⟧migrants⟦/1⟧ in Kuwait."
    assert unit.prev_hash == seg["prev_hash"] and unit.release == "note"
    assert "<bpt" in result.content.decode() and "*" in result.content.decode()
    store.close()


def test_creation_and_change_metadata_survive_import_and_export(store, tmp_path):
    """Who created a translation and when (creationid/creationdate, on the <tu> or on the
    <tuv> as OmegaT writes them) and who changed it last come back out of 'tm export'."""
    path = tmp_path / "meta.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="fr" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>'
        "<body>"
        '<tu creationid="anna" creationdate="20190304T101112Z">'
        '<tuv xml:lang="fr"><seg>Bonjour.</seg></tuv>'
        '<tuv xml:lang="en" changeid="bob" changedate="20200101T000000Z"><seg>Hello.</seg></tuv>'
        "</tu>"
        '<tu><tuv xml:lang="fr"><seg>Merci.</seg></tuv>'
        '<tuv xml:lang="en" creationid="carla" creationdate="20180506T070809Z">'
        "<seg>Thank you.</seg></tuv></tu>"
        "</body></tmx>",
        encoding="utf-8",
    )
    tm.import_tmx(store, path, now=NOW)
    data, count = tm.export_tmx(store, "fr", ["en"])
    assert count == 2
    out = tmp_path / "out.tmx"
    out.write_bytes(data)
    units = {u.source.text: u for u in read_tmx(out)}
    hello = units["Bonjour."].targets[0]
    assert (hello.created_by, hello.created_at) == ("anna", "2019-03-04T10:11:12Z")
    assert (hello.author, hello.changed_at) == ("bob", "2020-01-01T00:00:00Z")
    thanks = units["Merci."].targets[0]
    assert (thanks.created_by, thanks.created_at) == ("carla", "2018-05-06T07:08:09Z")
