"""XLIFF 2.1 and 1.2: export (schema, peers), CAT-tool round trips, import rules, XML safety."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import run_cli
from lxml import etree

from l10n.errors import InputError
from l10n.export import export_release
from l10n.ingest import ingest_file
from l10n.interchange.xliff import NS2, NS12, import_xliff
from l10n.review import add_comment
from l10n.states import APPROVED, PRETRANSLATED, TRANSLATED, UNTRANSLATED
from l10n.store import utcnow
from l10n.workspace import find_workspace

DATA = Path(__file__).resolve().parent / "data" / "xliff"
X2 = {"x": NS2}
X1 = {"x": NS12}

PAGE = """<html><head><title>Rapport de l'OIM</title></head><body>
<h1>Retour volontaire</h1>
<p>L'OIM publie <a href="/rapport">le rapport annuel</a> aujourd'hui. Il est <em>important</em>.</p>
<p>Lire <a href="/suite">la suite. Et la fin</a> ici.</p>
<p>Un texte sans balise.</p>
</body></html>
"""


@pytest.fixture
def env(workspace: Path):
    ws = find_workspace(str(workspace))
    store = ws.open_store()
    path = workspace / "rapport.fr.html"
    path.write_text(PAGE, encoding="utf-8")
    slug = ingest_file(store, path, source_lang="fr", target_langs=ws.target_langs,
                       user="tester").slug  # fmt: skip
    segs = {s["source"]: s for s in store.active_segments(store.require_release(slug)["id"])}
    return ws, store, slug, segs, path


def _set(store, seg_id, lang, target, state, origin="human"):
    store.change_translation(seg_id, lang, target=target, state=state, origin=origin,
                             user="amina", action="translate", now=utcnow())  # fmt: skip


def _export(store, slug, lang, version="2.1") -> bytes:
    return export_release(
        store, slug, lang, format_name="xliff", options={"xliff_version": version}
    ).content


def _seg(segs: dict, start: str) -> dict:
    return next(s for src, s in segs.items() if src.startswith(start))


def test_xliff21_export_is_schema_valid_and_complete(env) -> None:
    ws, store, slug, segs, _ = env
    linked = _seg(segs, "L'OIM publie")
    _set(store, linked["id"], "ar", "تنشر ⟦1⟧التقرير السنوي⟦/1⟧ اليوم.", PRETRANSLATED, "mt:pseudo")
    _set(store, _seg(segs, "Un texte")["id"], "ar", "نص بدون علامة.", APPROVED)
    add_comment(store, linked["id"], "ar", user="rev", text="Vérifier « rapport »")
    from l10n.glossary import add_concept

    add_concept(store, {"fr": ["OIM"], "ar": ["المنظمة الدولية للهجرة"]}, acronym=True)

    data = _export(store, slug, "ar")
    doc = etree.fromstring(data)
    schema = etree.XMLSchema(etree.parse(str(DATA / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.ElementTree(doc)), schema.error_log
    assert doc.get("version") == "2.1"
    assert (doc.get("srcLang"), doc.get("trgLang")) == ("fr", "ar")
    assert doc.find("x:file", X2).get("trgDir") == "rtl"
    units = doc.findall(".//x:unit", X2)
    assert [int(u.get("id")) for u in units] == sorted(s["id"] for s in segs.values())
    unit = doc.find(f".//x:unit[@id='{linked['id']}']", X2)
    segment = unit.find("x:segment", X2)
    assert (segment.get("state"), segment.get("subState")) == ("initial", "l10n:pretranslated")
    pc = segment.find("x:source/x:pc", X2)
    assert pc.text == "le rapport annuel" and pc.get("type") == "link"
    data_start = unit.find(f"x:originalData/x:data[@id='{pc.get('dataRefStart')}']", X2)
    assert data_start.text == '<a href="/rapport">'
    assert segment.find("x:target/x:pc", X2).text == "التقرير السنوي"
    notes = [n.text for n in unit.findall("x:notes/x:note", X2)]
    assert any("Vérifier « rapport »" in n for n in notes)
    assert any(n.startswith("OIM → المنظمة الدولية للهجرة") for n in notes)
    approved = doc.find(f".//x:unit[@id='{_seg(segs, 'Un texte')['id']}']/x:segment", X2)
    assert approved.get("state") == "reviewed"
    # A link split across two sentences: isolated start and end codes, still valid.
    split = _seg(segs, "Lire")
    assert doc.find(f".//x:unit[@id='{split['id']}']//x:sc", X2).get("isolated") == "yes"


def test_translate_toolkit_reads_both_versions(env) -> None:
    from translate.storage import xliff, xliff2

    ws, store, slug, segs, _ = env
    seg = _seg(segs, "Un texte")
    _set(store, seg["id"], "es", "Un texto sin etiqueta.", TRANSLATED)
    two = xliff2.Xliff2File.parsestring(_export(store, slug, "es"))
    by_source = {u.source: u for u in two.units}
    assert by_source["Un texte sans balise."].target == "Un texto sin etiqueta."
    assert len(two.units) == len(segs)
    one = xliff.xlifffile.parsestring(_export(store, slug, "es", "1.2"))
    assert one.getsourcelanguage() == "fr" and one.gettargetlanguage() == "es"
    unit = next(u for u in one.units if u.source == "Un texte sans balise.")
    assert unit.target == "Un texto sin etiqueta." and not unit.isapproved()
    assert len(one.units) == len(segs)


def test_xliff12_structure_and_states(env) -> None:
    ws, store, slug, segs, _ = env
    linked = _seg(segs, "L'OIM publie")
    _set(store, linked["id"], "en", "IOM publishes ⟦1⟧the annual report⟦/1⟧ today.", APPROVED)
    _set(store, _seg(segs, "Un texte")["id"], "en", "A text.", PRETRANSLATED, "tm:100")
    doc = etree.fromstring(_export(store, slug, "en", "1.2"))
    schema = etree.XMLSchema(etree.parse(str(DATA / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(etree.ElementTree(doc)), schema.error_log
    assert doc.get("version") == "1.2"
    file_el = doc.find("x:file", X1)
    assert file_el.get("source-language") == "fr" and file_el.get("target-language") == "en"
    assert file_el.get("datatype") == "html"
    tu = doc.find(f".//x:trans-unit[@id='{linked['id']}']", X1)
    assert tu.get("approved") == "yes"
    assert tu.find("x:target", X1).get("state") == "signed-off"
    g = tu.find("x:source/x:g", X1)
    assert g.get("ctype") == "link" and g.text == "le rapport annuel"
    pre = doc.find(f".//x:trans-unit[@id='{_seg(segs, 'Un texte')['id']}']/x:target", X1)
    assert pre.get("state") == "needs-review-translation"
    assert pre.get("state-qualifier") == "leveraged-tm"
    split = _seg(segs, "Lire")
    assert doc.find(f".//x:trans-unit[@id='{split['id']}']/x:source/x:bx", X1) is not None
    assert tu.get("extradata") == "l10n-version=1"  # the translation version it was based on


def _history(store, seg_id, lang):
    return store.segment_history(seg_id, lang)


def test_round_trip_cat_edits_become_review_actions(env, tmp_path: Path) -> None:
    ws, store, slug, segs, _ = env
    linked = _seg(segs, "L'OIM publie")
    plain = _seg(segs, "Un texte")
    title = _seg(segs, "Rapport")
    _set(store, plain["id"], "en", "A text without tag.", PRETRANSLATED, "mt:pseudo")
    doc = etree.fromstring(_export(store, slug, "en"))

    # The translator, in a CAT tool: translates the linked sentence (moving the link),
    # confirms the machine translation, and marks the title final.
    unit = doc.find(f".//x:unit[@id='{linked['id']}']/x:segment", X2)
    unit.set("state", "translated")
    src_pc = unit.find("x:source/x:pc", X2)
    target = etree.SubElement(unit, f"{{{NS2}}}target")
    target.text = "Today IOM publishes "
    pc = etree.SubElement(target, f"{{{NS2}}}pc", dict(src_pc.attrib))
    pc.text = "the annual report"
    pc.tail = "."
    confirm = doc.find(f".//x:unit[@id='{plain['id']}']/x:segment", X2)
    confirm.set("state", "translated")
    confirm.attrib.pop("subState")
    final = doc.find(f".//x:unit[@id='{title['id']}']/x:segment", X2)
    final.set("state", "final")
    etree.SubElement(final, f"{{{NS2}}}target").text = "IOM report"
    path = tmp_path / "en.xlf"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))

    result = import_xliff(store, ws, path, user="cat-translator")
    assert (result.release, result.lang, result.xliff_version) == (slug, "en", "2.1")
    assert (result.translated, result.confirmed, result.approved) == (2, 1, 1)
    assert result.skipped == [] and result.conflicts == [] and result.refused == []

    row = store.get_translation(linked["id"], "en")
    assert row["target"] == "Today IOM publishes ⟦1⟧the annual report⟦/1⟧."
    assert row["state"] == TRANSLATED and row["author"] == "cat-translator"
    assert [h["action"] for h in _history(store, linked["id"], "en")] == ["translate"]
    confirmed = store.get_translation(plain["id"], "en")
    assert (confirmed["target"], confirmed["state"]) == ("A text without tag.", TRANSLATED)
    assert confirmed["origin"] == "mt:pseudo"  # confirming keeps where the words came from
    titled = store.get_translation(title["id"], "en")
    assert (titled["target"], titled["state"]) == ("IOM report", APPROVED)
    actions = [(h["action"], h["user"]) for h in _history(store, title["id"], "en")]
    assert actions == [("translate", "cat-translator"), ("approve", "cat-translator")]
    # The published page carries the edit with its link.
    page = export_release(store, slug, "en").content.decode()
    assert 'Today IOM publishes <a href="/rapport">the annual report</a>.' in page
    # Importing the same file again changes nothing.
    again = import_xliff(store, ws, path, user="cat-translator")
    assert (again.translated, again.confirmed, again.approved) == (0, 0, 0)


def test_round_trip_xliff12_through_translate_toolkit(env, tmp_path: Path) -> None:
    from translate.storage import xliff

    ws, store, slug, segs, _ = env
    plain = _seg(segs, "Un texte")
    store_file = xliff.xlifffile.parsestring(_export(store, slug, "es", "1.2"))
    unit = next(u for u in store_file.units if u.source == "Un texte sans balise.")
    unit.target = "Un texto sin etiqueta."
    unit.markapproved(True)
    path = tmp_path / "es.xlf"
    path.write_bytes(bytes(store_file))
    result = import_xliff(store, ws, path, user="okapi")
    assert (result.translated, result.approved) == (1, 1)
    row = store.get_translation(plain["id"], "es")
    assert (row["target"], row["state"]) == ("Un texto sin etiqueta.", APPROVED)


def test_round_trip_xliff21_through_translate_toolkit(env, tmp_path: Path) -> None:
    from translate.storage import xliff2

    ws, store, slug, segs, _ = env
    plain = _seg(segs, "Un texte")
    tt_file = xliff2.Xliff2File.parsestring(_export(store, slug, "ar"))
    unit = next(u for u in tt_file.units if u.source == "Un texte sans balise.")
    unit.target = "نص بدون علامة."
    unit.markapproved(True)
    path = tmp_path / "ar.xlf"
    path.write_bytes(bytes(tt_file))
    schema = etree.XMLSchema(etree.parse(str(DATA / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    result = import_xliff(store, ws, path, user="okapi")
    assert (result.translated, result.approved) == (1, 1)
    row = store.get_translation(plain["id"], "ar")
    assert (row["target"], row["state"]) == ("نص بدون علامة.", APPROVED)
    assert [h["action"] for h in _history(store, plain["id"], "ar")] == ["translate", "approve"]


def test_changed_source_units_are_skipped_and_reported(env, tmp_path: Path) -> None:
    ws, store, slug, segs, path = env
    doc = etree.fromstring(_export(store, slug, "en"))
    for seg in doc.findall(".//x:segment", X2):
        target = etree.SubElement(seg, f"{{{NS2}}}target")
        src = seg.find("x:source", X2)
        target.text = "EN " + (src.text or "")
        for child in src:
            target.append(copy.deepcopy(child))
    xlf = tmp_path / "en.xlf"
    xlf.write_bytes(etree.tostring(doc))
    path.write_text(PAGE.replace("Un texte sans balise.", "Un texte tout neuf."), encoding="utf-8")
    ingest_file(store, path, source_lang="fr", target_langs=ws.target_langs, user="tester")
    result = import_xliff(store, ws, xlf, user="bob")
    gone = _seg(segs, "Un texte")
    assert {"segment_id": gone["id"], "reason": "not in the current version of the release"} in (
        result.skipped
    )
    # A link split across two sentences leaves an isolated code in each: the file is
    # accepted, and whatever the review rules refuse is reported per unit.
    assert result.translated + len(result.refused) == len(segs) - 1
    assert result.translated >= len(segs) - 3


def test_broken_inline_codes_refuse_the_whole_file(env, tmp_path: Path) -> None:
    ws, store, slug, segs, _ = env
    linked = _seg(segs, "L'OIM publie")
    plain = _seg(segs, "Un texte")
    doc = etree.fromstring(_export(store, slug, "en"))
    good = doc.find(f".//x:unit[@id='{plain['id']}']/x:segment", X2)
    etree.SubElement(good, f"{{{NS2}}}target").text = "A text."
    bad = doc.find(f".//x:unit[@id='{linked['id']}']/x:segment", X2)
    etree.SubElement(bad, f"{{{NS2}}}target").text = "IOM publishes the report (link lost)."
    path = tmp_path / "en.xlf"
    path.write_bytes(etree.tostring(doc))
    with pytest.raises(InputError) as info:
        import_xliff(store, ws, path, user="bob")
    assert "broken inline codes, nothing imported" in str(info.value)
    assert f"segment {linked['id']} drops ⟦/1⟧ ⟦1⟧" in str(info.value)
    assert store.get_translation(plain["id"], "en")["state"] == UNTRANSLATED


def test_changes_made_since_the_export_are_conflicts(env, tmp_path: Path) -> None:
    ws, store, slug, segs, _ = env
    plain = _seg(segs, "Un texte")
    doc = etree.fromstring(_export(store, slug, "en"))
    seg = doc.find(f".//x:unit[@id='{plain['id']}']/x:segment", X2)
    etree.SubElement(seg, f"{{{NS2}}}target").text = "From the CAT tool."
    path = tmp_path / "en.xlf"
    path.write_bytes(etree.tostring(doc))
    _set(store, plain["id"], "en", "Typed in l10n meanwhile.", TRANSLATED)
    result = import_xliff(store, ws, path, user="bob")
    assert [c["segment_id"] for c in result.conflicts] == [plain["id"]]
    assert store.get_translation(plain["id"], "en")["target"] == "Typed in l10n meanwhile."


@pytest.mark.parametrize(
    ("doctype", "message"),
    [
        ('<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
         "refused entity 'x' that would read file:///etc/passwd"),
        ('<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>',
         "refused parameter entity 'p' that would read http://example.invalid/p.dtd"),
        ('<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
         '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
         "entity expansion bomb"),
    ],
)  # fmt: skip
def test_hostile_xml_is_refused(env, tmp_path: Path, doctype: str, message: str) -> None:
    ws, store, slug, segs, _ = env
    data = _export(store, slug, "en").decode("utf-8")
    head, rest = data.split("\n", 1)
    path = tmp_path / "evil.xlf"
    path.write_text(head + "\n" + doctype + "\n" + rest.replace("</source>", "&d;</source>", 1)
                    if "ENTITY d" in doctype else head + "\n" + doctype + "\n" + rest,
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as info:
        import_xliff(store, ws, path, user="bob")
    assert message in str(info.value)


def test_external_dtd_doctype_is_read_without_fetching(env, tmp_path: Path) -> None:
    ws, store, slug, segs, _ = env
    data = _export(store, slug, "en", "1.2").decode("utf-8")
    head, rest = data.split("\n", 1)
    path = tmp_path / "dtd.xlf"
    path.write_text(
        head + '\n<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
        '"http://example.invalid/xliff.dtd">\n' + rest, encoding="utf-8",
    )  # fmt: skip
    result = import_xliff(store, ws, path, user="bob")
    assert result.units == len(segs) and result.unchanged == len(segs)


def test_cli_export_and_import(workspace: Path, tmp_path: Path) -> None:
    page = workspace / "rapport.fr.html"
    page.write_text(PAGE, encoding="utf-8")
    assert run_cli(["ingest", str(page)], cwd=workspace).exit_code == 0
    out = tmp_path / "es.xlf"
    done = run_cli(["export", "-r", "rapport", "-l", "es", "-f", "xliff", "--xliff-version",
                    "1.2", "-o", str(out)], cwd=workspace)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    doc = etree.parse(str(out))
    assert doc.getroot().get("version") == "1.2"
    tu = doc.find(".//x:trans-unit", X1)
    etree.SubElement(tu, f"{{{NS12}}}target", state="translated").text = "Informe de la OIM"
    doc.write(str(out))
    done = run_cli(["import", str(out), "--user", "bob"], cwd=workspace)
    assert done.exit_code == 0, done.stderr
    assert "1 translated" in done.stdout
    done = run_cli(["import", str(tmp_path / "missing.xlf")], cwd=workspace)
    assert done.exit_code == 1
    assert "missing.xlf does not exist" in done.stderr


CATALOGUE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. Translators: the month, as in a calendar header.
msgctxt "abbrev. month"
msgid "May"
msgstr ""

msgctxt "full month"
msgid "May"
msgstr ""

#. Translators: keep it short (a button).
#, python-format
msgid "Save %(name)s"
msgstr ""
"""


def test_catalogue_context_and_developer_comments_are_notes(workspace: Path) -> None:
    from l10n.review import show_segment

    ws = find_workspace(str(workspace))
    store = ws.open_store()
    path = workspace / "calendar.po"
    path.write_text(CATALOGUE, encoding="utf-8")
    slug = ingest_file(store, path, source_lang="fr", target_langs=ws.target_langs,
                       user="tester").slug  # fmt: skip
    segs = {s["source"]: s for s in store.active_segments(store.require_release(slug)["id"])}
    may, save = segs["May"], segs["Save ⟦1/⟧"]
    doc = etree.fromstring(_export(store, slug, "en"))
    schema = etree.XMLSchema(etree.parse(str(DATA / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.ElementTree(doc)), schema.error_log

    def notes2(seg_id):
        unit = doc.find(f".//x:unit[@id='{seg_id}']", X2)
        return [(n.get("category"), n.text) for n in unit.findall("x:notes/x:note", X2)]

    # One segment for the msgid in two contexts: the translator sees both.
    assert notes2(may["id"]) == [
        ("context", "context: abbrev. month"),
        ("developer", "Translators: the month, as in a calendar header."),
        ("context", "context: full month"),
    ]
    assert notes2(save["id"]) == [("developer", "Translators: keep it short (a button).")]
    one = etree.fromstring(_export(store, slug, "en", "1.2"))
    tu = one.find(f".//x:trans-unit[@id='{save['id']}']", X1)
    notes = [n.text for n in tu.findall("x:note", X1)]
    assert notes == ["developer: Translators: keep it short (a button)."]
    # The same notes on the review screen (the segment's first message).
    view = show_segment(store, ws, may["id"], "en")
    assert view.notes == [
        {"kind": "msgctxt", "text": "abbrev. month"},
        {"kind": "comment", "text": "Translators: the month, as in a calendar header."},
    ]
    assert show_segment(store, ws, save["id"], "en").to_json()["notes"] == [
        {"kind": "comment", "text": "Translators: keep it short (a button)."}
    ]
