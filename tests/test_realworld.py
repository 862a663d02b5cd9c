"""Real files written by other tools and people, through the CLI a user runs.

The corpus in tests/data/realworld (origins and licences in its SOURCES.md): gettext
catalogues from Django, GNOME (via Okapi) and Okapi's own tests; TMX from OmegaT,
Okapi and the LISA compliance kit; TBX from the TBX-Basic reference (v3, DCA and
DCT) and from translate-toolkit/Weblate (martif); XLIFF 1.2 from Okapi, Angular,
Xcode and MadCap Lingo, XLIFF 2.0 from Okapi; press releases in English, Spanish
and Arabic. translate-toolkit and msgfmt are test-only peers that re-read what l10n
writes. Known breakage is a strict xfail naming the module that owns it.
"""

from __future__ import annotations

import codecs
import copy
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from lxml import html as lxml_html

from l10n.workspace_init import init_workspace
from tests.conftest import run_cli

DATA = Path(__file__).resolve().parent / "data" / "realworld"
XLIFF_SCHEMAS = Path(__file__).resolve().parent / "data" / "xliff"
MSGFMT = shutil.which("msgfmt")

# Source documents: file -> (source language, target languages).
DOCUMENTS = {
    "press_release.en.txt": ("en", ["es", "ar"]),
    "nota_de_prensa.es.md": ("es", ["en", "ar"]),
    "bayan_sahafi.ar.html": ("ar", ["en", "es"]),
    "hugo_post.en.md": ("en", ["ar"]),
    "legacy_xhtml_page.en.html": ("en", ["ar"]),
}
CATALOGUES = {
    "django_ar_subset.po": ("en", ["ar", "es"]),
    "okapi_AllCasesTest.po": ("en", ["fr", "ar"]),
    "nautilus_af_subset.po": ("en", ["af", "ar"]),
}


def cli(ws: Path, *args: str):
    result = run_cli(["-w", str(ws), *args])
    assert "internal error" not in result.stderr, result.stderr
    return result


def ok(ws: Path, *args: str):
    result = cli(ws, *args)
    assert result.exit_code == 0, result.stderr
    return result


def new_workspace(root: Path, source: str, targets: list[str]) -> Path:
    init_workspace(root, source_lang=source, target_langs=targets, with_glossary=False)
    return root


def ingest(ws: Path, path: Path, *extra: str) -> dict:
    return json.loads(ok(ws, "ingest", str(path), "--json", *extra).stdout)


def export(ws: Path, slug: str, lang: str, *extra: str) -> bytes:
    return ok(ws, "export", "-r", slug, "-l", lang, *extra).stdout_bytes


def segments(ws: Path, slug: str, lang: str) -> list[dict]:
    return json.loads(ok(ws, "segments", "-r", slug, "-l", lang, "--json").stdout)


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Every source document and catalogue ingested once and pretranslated (pseudo)."""
    out = {}
    for name, (source, targets) in {**DOCUMENTS, **CATALOGUES}.items():
        ws = new_workspace(tmp_path_factory.mktemp(name.replace(".", "_")), source, targets)
        slug = ingest(ws, DATA / name)["slug"]
        ok(ws, "pretranslate", "-r", slug, "--engine", "pseudo")
        out[name] = (ws, slug)
    return out


# -- source documents: ingest, export in the source language ------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_exports_identical_in_its_source_language(releases, name) -> None:
    ws, slug = releases[name]
    assert export(ws, slug, DOCUMENTS[name][0]) == (DATA / name).read_bytes()


def _variant(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


PRESS_RELEASES = ["bayan_sahafi.ar.html", "nota_de_prensa.es.md", "press_release.en.txt"]


@pytest.mark.parametrize("name", PRESS_RELEASES)
@pytest.mark.parametrize("variant", ["crlf", "bom", "utf16"])
def test_document_variants_as_windows_tools_save_them(releases, tmp_path, name, variant) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if variant == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif variant == "bom":
        data = codecs.BOM_UTF8 + text.encode("utf-8")
    else:
        data = text.encode("utf-16")  # with its BOM, as Notepad writes it
    source, targets = DOCUMENTS[name]
    ws = new_workspace(tmp_path / "ws", source, targets)
    path = _variant(tmp_path, name, data)
    slug = ingest(ws, path)["slug"]
    plain, plain_slug = releases[name]
    # The same sentences whatever the line ends or encoding.
    assert [s["source"] for s in segments(ws, slug, targets[0])] == [
        s["source"] for s in segments(plain, plain_slug, targets[0])
    ]
    exported = export(ws, slug, source)
    if variant == "utf16":
        assert exported.decode("utf-8-sig") == text
    else:
        assert exported == data


def test_cp1252_text_needs_and_accepts_an_encoding(tmp_path) -> None:
    text = "Press release\n\nThe Director’s statement – in full – costs €5.\n"
    path = _variant(tmp_path, "note.en.txt", text.encode("cp1252"))
    ws = new_workspace(tmp_path / "ws", "en", ["es"])
    refused = cli(ws, "ingest", str(path))
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "--encoding" in refused.stderr
    slug = ingest(ws, path, "--encoding", "cp1252")["slug"]
    assert [s["source"] for s in segments(ws, slug, "es")][-1] == (
        "The Director’s statement – in full – costs €5."
    )
    # Exports are UTF-8: the same text, re-encoded.
    assert export(ws, slug, "en").decode("utf-8") == text


def test_cp1252_page_is_read_as_declared_and_exported_declaring_utf8(tmp_path) -> None:
    page = (
        '<html lang="en"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=windows-1252"><title>Caf\u00e9 \u2013 news</title>'
        "</head>\n<body><p>The Director\u2019s statement.</p></body></html>\n"
    )
    path = _variant(tmp_path, "page.en.html", page.encode("cp1252"))
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    # Read in the charset the page declares (as browsers do), no --encoding needed.
    slug = ingest(ws, path)["slug"]
    assert "Caf\u00e9 \u2013 news" in [s["source"] for s in segments(ws, slug, "ar")]
    for lang in ("en", "ar"):
        out = export(ws, slug, lang).decode("utf-8")
        assert "charset=utf-8" in out and "windows-1252" not in out, lang
    assert export(ws, slug, "en").decode("utf-8") == page.replace("windows-1252", "utf-8")


def test_arabic_and_accented_file_names_give_distinct_stable_slugs(tmp_path) -> None:
    """Two Arabic file names used to collapse to the slug 'release', so the second
    press release silently became version 2 of the first, retiring its sentences."""
    ws = new_workspace(tmp_path / "ws", "ar", ["en"])
    first = _variant(tmp_path, "بيان.ar.txt", "بيان صحفي أول.\n".encode())
    second = _variant(tmp_path, "تقرير.ar.txt", "تقرير عن موضوع آخر تماما.\n".encode())
    a, b = ingest(ws, first), ingest(ws, second)
    assert a["slug"] != b["slug"] and (a["version"], b["version"]) == (1, 1)
    again = ingest(ws, first)
    assert (again["slug"], again["status"]) == (a["slug"], "unchanged")
    spanish = new_workspace(tmp_path / "es", "es", ["en"])
    assert ingest(spanish, _variant(tmp_path, "comunicación.es.txt", b"Nota.\n"))["slug"] == (
        "comunicacion"
    )


def test_english_release_sentences_survive_abbreviations(releases) -> None:
    ws, slug = releases["press_release.en.txt"]
    sources = [s["source"] for s in segments(ws, slug, "es")]
    assert (
        "The plan, endorsed by 11 governments, covers shelter, health care and protection "
        "until Dec. 2025." in sources
    )
    assert any(s.startswith("The U.S. Government, the European Union (EU)") for s in sources)
    assert any(s.startswith('"No one should have to choose') for s in sources)


def test_spanish_release_keeps_inverted_marks_and_markdown(releases) -> None:
    ws, slug = releases["nota_de_prensa.es.md"]
    sources = [s["source"] for s in segments(ws, slug, "en")]
    assert "¿El objetivo?" in sources
    assert "¡Es hora de actuar!" in sources
    assert any("EE. UU." in s for s in sources)
    assert not any(s.startswith("title:") for s in sources)  # front matter stays skeleton


def test_arabic_page_segments_and_keeps_script_out(releases) -> None:
    ws, slug = releases["bayan_sahafi.ar.html"]
    sources = [s["source"] for s in segments(ws, slug, "en")]
    assert any(s.startswith("هل يكفي التمويل الحالي؟") for s in sources)
    assert not any("لا تترجم" in s for s in sources)


def test_static_site_markdown_keeps_shortcodes_and_translates_footnotes(releases) -> None:
    ws, slug = releases["hugo_post.en.md"]
    sources = [s["source"] for s in segments(ws, slug, "ar")]
    assert "Including mental health and psychosocial support." in sources
    assert not any("figure" in s for s in sources)
    out = export(ws, slug, "ar").decode("utf-8")
    assert out.startswith('+++\ntitle = "IOM welcomes new plan"')
    assert '\n{{< figure src="/img/agadez.jpg" caption="Migrants waiting in Agadez" >}}\n' in out
    assert "\n~~~bash\nl10n ingest release.md\n~~~\n" in out
    assert "\n<!-- editor: check figures before publishing -->\n" in out
    footnote = next(line for line in out.splitlines() if line.startswith("[^1]: "))
    assert footnote != "[^1]: Including mental health and psychosocial support."


def test_markdown_heading_ids_and_attribute_lists_are_not_text(tmp_path) -> None:
    text = (
        "## Contacts {#contacts}\n\nSee the [team](/team){: .button} page.\n\n"
        "{% include footer.html %}\n"
    )
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    slug = ingest(ws, _variant(tmp_path, "ids.en.md", text.encode()))["slug"]
    assert [s["source"] for s in segments(ws, slug, "ar")] == [
        "Contacts",
        "See the ⟦1⟧team⟦/1⟧⟦2/⟧ page.",
    ]
    ok(ws, "pretranslate", "-r", slug, "--engine", "pseudo")
    out = export(ws, slug, "ar").decode("utf-8")
    assert out.splitlines()[0].startswith("## ") and out.splitlines()[0].endswith(" {#contacts}")
    assert "](/team){: .button}" in out and out.endswith("\n{% include footer.html %}\n")


def test_legacy_xhtml_page_translates_attributes_and_keeps_the_rest(releases) -> None:
    ws, slug = releases["legacy_xhtml_page.en.html"]
    sources = [s["source"] for s in segments(ws, slug, "ar")]
    for text in (
        "IOM welcomes the new plan for migrants in the Sahel.",  # meta description
        "Migrants waiting at a transit centre in Agadez",  # img alt
        "Search the news",  # input placeholder
        "Please enable JavaScript to see the map.",  # noscript
        "Don’t miss the ⟦1⟧live⟦/1⟧ briefing.",
    ):
        assert text in sources
    out = export(ws, slug, "ar").decode("utf-8")
    assert '<HTML xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar" lang="ar" dir="rtl">' in out
    assert '<?php include("header.inc"); ?>' in out
    assert "<pre>\n  code   stays as is.\n</pre>" in out
    assert '<!--[if lt IE 9]><script src="html5shiv.js"></script><![endif]-->' in out


def test_inner_direction_and_language_follow_the_target(tmp_path) -> None:
    page = (
        '<html lang="ar" dir="rtl"><body>\n<div dir="rtl" class="content">'
        '<p dir="rtl">مرحبا بالعالم.</p><p lang="ar">نص آخر.</p></div>\n</body></html>\n'
    )
    ws = new_workspace(tmp_path / "ws", "ar", ["en"])
    slug = ingest(ws, _variant(tmp_path, "inner.ar.html", page.encode()))["slug"]
    ok(ws, "pretranslate", "-r", slug, "--engine", "pseudo")
    out = export(ws, slug, "en").decode("utf-8")
    assert 'dir="rtl"' not in out and 'lang="ar"' not in out


def test_inline_link_title_is_translated(releases, tmp_path) -> None:
    ws, slug = releases["legacy_xhtml_page.en.html"]
    assert "List of member states" in [s["source"] for s in segments(ws, slug, "ar")]
    ws2 = new_workspace(tmp_path / "ws2", "en", ["ar"])
    slug2 = ingest(ws2, DATA / "legacy_xhtml_page.en.html")["slug"]
    ok(ws2, "pretranslate", "-r", slug2, "--engine", "pseudo")
    page = lxml_html.fromstring(export(ws2, slug2, "ar"))
    (title,) = page.xpath("//a[@href='/members']/@title")
    assert title != "List of member states" and len(title) > len("List of member states")


def test_contact_block_keeps_its_lines_in_translation(releases) -> None:
    ws, slug = releases["press_release.en.txt"]
    lines = export(ws, slug, "es").decode("utf-8").splitlines()
    assert lines[-1] == "https://www.example.org/news/sahel-regional-plan"
    assert lines[-2].endswith("media@example.org !!]")
    assert lines[-3].endswith(": !!]")


def test_hard_wrapped_prose_stays_one_paragraph(tmp_path) -> None:
    text = (
        "Journalists can write to media@example.org for interviews, or read the\n"
        "full report at the address below when it is published next week.\n"
        "\n"
        "The report covers 14 countries and was funded by the EU. It is available\n"
        "in English and Arabic.\n"
    )
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    slug = ingest(ws, _variant(tmp_path, "wrapped.en.txt", text.encode()))["slug"]
    assert [s["source"] for s in segments(ws, slug, "ar")] == [
        "Journalists can write to media@example.org for interviews, or read the full report "
        "at the address below when it is published next week.",
        "The report covers 14 countries and was funded by the EU.",
        "It is available in English and Arabic.",
    ]
    assert export(ws, slug, "en").decode() == text


@pytest.mark.parametrize("name", PRESS_RELEASES)
def test_document_target_export_rebuilds_the_document(releases, name) -> None:
    ws, slug = releases[name]
    source, targets = DOCUMENTS[name]
    out = export(ws, slug, targets[0]).decode("utf-8")
    if name.endswith(".html"):
        doc = etree.fromstring(out.encode("utf-8"), etree.HTMLParser())
        assert doc.get("lang") == targets[0] and doc.get("dir") in (None, "ltr")
        assert doc.find(".//a").get("href") == "https://www.example.org/ar/trafficking"
        assert 'var x = "لا تترجم";' in out
    elif name.endswith(".md"):
        assert out.startswith("---\ntitle:")
        assert "(https://www.example.org/es/noticias)" in out
    else:
        assert "https://www.example.org/news/sahel-regional-plan" in out


def test_export_to_a_language_the_workspace_does_not_translate_is_refused(releases) -> None:
    ws, slug = releases["press_release.en.txt"]
    result = cli(ws, "export", "-r", slug, "-l", "fr")
    assert result.exit_code == 2 and "fr" in result.stderr


# -- interchange exports re-read by other tools -------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS) + sorted(CATALOGUES))
def test_po_export_passes_msgfmt_and_translate_toolkit(releases, tmp_path, name) -> None:
    from translate.storage import pypo

    ws, slug = releases[name]
    lang = {**DOCUMENTS, **CATALOGUES}[name][1][-1]
    data = export(ws, slug, lang, "-f", "po")
    path = tmp_path / f"{slug}.{lang}.po"
    path.write_bytes(data)
    if MSGFMT:
        check = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True)
        assert check.returncode == 0, check.stderr.decode()
    store = pypo.pofile.parsestring(data)
    units = [u for u in store.units if not u.isheader()]
    assert units and all(u.source for u in units)
    assert len(units) == len(segments(ws, slug, lang))


@pytest.mark.parametrize("name", sorted(DOCUMENTS) + sorted(CATALOGUES))
def test_xliff_exports_are_schema_valid_and_read_by_translate_toolkit(releases, name) -> None:
    from translate.storage import xliff, xliff2

    ws, slug = releases[name]
    source, targets = {**DOCUMENTS, **CATALOGUES}[name]
    count = len(segments(ws, slug, targets[-1]))
    for version, xsd, reader in (
        ("2.1", "xliff_core_2.0.xsd", xliff2.Xliff2File),
        ("1.2", "xliff-core-1.2-strict.xsd", xliff.xlifffile),
    ):
        data = export(ws, slug, targets[-1], "-f", "xliff", "--xliff-version", version)
        schema = etree.XMLSchema(etree.parse(str(XLIFF_SCHEMAS / xsd)))
        doc = etree.fromstring(data)
        assert schema.validate(etree.ElementTree(doc)), (version, schema.error_log)
        units = reader.parsestring(data).units
        assert len(units) == count, version


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_tmx_export_read_by_translate_toolkit(releases, name) -> None:
    from translate.storage import tmx

    ws, slug = releases[name]
    source, targets = DOCUMENTS[name]
    # Pretranslated text is reviewed work's stand-in here; by default a TMX holds approved
    # translations only, so an unreviewed release gives an empty memory.
    assert not tmx.tmxfile.parsestring(export(ws, slug, targets[0], "-f", "tmx")).units
    data = export(ws, slug, targets[0], "-f", "tmx", "--min-state", "pretranslated")
    units = tmx.tmxfile.parsestring(data).units
    assert units
    assert all(u.source and u.target for u in units)


# -- gettext catalogues from other projects -----------------------------------------------


def _catalogue(ws: Path, slug: str, lang: str) -> polib.POFile:
    return polib.pofile(export(ws, slug, lang).decode("utf-8"))


def _msgfmt(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess:
    path = tmp_path / "check.po"
    path.write_bytes(data)
    return subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_catalogue_keeps_every_entry_context_flag_and_obsolete_entry(releases, name) -> None:
    ws, slug = releases[name]
    original = polib.pofile(str(DATA / name))
    for lang in (CATALOGUES[name][0], *CATALOGUES[name][1]):
        rebuilt = _catalogue(ws, slug, lang)
        keys = [(e.msgctxt, e.msgid, e.msgid_plural, e.obsolete) for e in rebuilt]
        assert keys == [(e.msgctxt, e.msgid, e.msgid_plural, e.obsolete) for e in original]
        # A target catalogue's fuzzy flags come from l10n's states, not from the source's.
        fuzzy = "fuzzy" if lang != CATALOGUES[name][0] else None
        assert [[f for f in e.flags if f != fuzzy] for e in rebuilt if not e.obsolete] == [
            [f for f in e.flags if f != fuzzy] for e in original if not e.obsolete
        ] or name == "okapi_AllCasesTest.po"  # its header fuzzy flag is dropped: see below
        assert [e.occurrences for e in rebuilt] == [e.occurrences for e in original]


def test_catalogue_plural_forms_follow_the_target_language(releases) -> None:
    ws, slug = releases["django_ar_subset.po"]
    arabic = _catalogue(ws, slug, "ar")
    assert arabic.metadata["Language"] == "ar"
    assert arabic.metadata["Plural-Forms"].startswith("nplurals=6;")
    entry = arabic.find("%(size)d byte")
    assert sorted(entry.msgstr_plural) == [0, 1, 2, 3, 4, 5]
    assert all("%(size)d" in s for i, s in entry.msgstr_plural.items() if i != 1)
    spanish = _catalogue(ws, slug, "es")
    # CLDR (babel) gives Spanish a third form for millions; gettext accepts either.
    assert spanish.metadata["Plural-Forms"].split(";")[0] in ("nplurals=2", "nplurals=3")
    # Three messages share the msgid "May" in different contexts: all are kept.
    assert [e.msgctxt for e in spanish if e.msgid == "May"] == [
        None,
        "abbrev. month",
        "alt. month",
    ]


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize(
    "name",
    [
        "django_ar_subset.po",
        "okapi_AllCasesTest.po",
        "nautilus_af_subset.po",
    ],
)
def test_translated_catalogue_passes_msgfmt(releases, tmp_path, name) -> None:
    ws, slug = releases[name]
    for lang in CATALOGUES[name][1]:
        check = _msgfmt(tmp_path, export(ws, slug, lang))
        assert check.returncode == 0, (lang, check.stderr.decode())


def test_catalogue_in_crlf_and_in_its_declared_latin1(tmp_path) -> None:
    ws = new_workspace(tmp_path / "ws", "en", ["fr"])
    text = (DATA / "okapi_AllCasesTest.po").read_text(encoding="utf-8")
    crlf = _variant(tmp_path, "crlf.po", text.replace("\n", "\r\n").encode("utf-8"))
    plain = ingest(ws, DATA / "okapi_AllCasesTest.po")
    assert ingest(ws, crlf)["segments"] == plain["segments"]
    # An ISO-8859-1 catalogue that says so in its header (older GNU projects) is read as
    # such without --encoding, and exported as UTF-8 declaring UTF-8.
    latin = text.replace("Ą=U+0104", "A=U+0041").replace("charset=utf-8", "charset=ISO-8859-1")
    path = _variant(tmp_path, "latin1.po", latin.encode("latin-1"))
    slug = ingest(ws, path)["slug"]
    out = export(ws, slug, "en").decode("utf-8")
    assert "charset=UTF-8" in out and 'msgid "Text with an approved translation %s"' in out
    assert any("spéciaux" in e.msgid or "Special" in e.msgid for e in polib.pofile(out))


def test_catalogue_placeholders_are_protected(releases) -> None:
    ws, slug = releases["django_ar_subset.po"]
    sources = [s["source"] for s in segments(ws, slug, "es")]
    assert "Ensure this value is ⟦1/⟧ (it is ⟦2/⟧)." in sources
    ws, slug = releases["okapi_AllCasesTest.po"]
    sources = [s["source"] for s in segments(ws, slug, "fr")]
    assert "Text with an approved translation ⟦1/⟧" in sources
    assert not any("%" in s for s in sources)  # "%1s %2s" has nothing to translate


def test_catalogue_newline_inside_a_message_survives(releases) -> None:
    ws, slug = releases["nautilus_af_subset.po"]
    entry = _catalogue(ws, slug, "ar").find("GConf error:\n  %s")
    assert "\n" in entry.msgstr


def test_approved_translation_is_not_exported_fuzzy(releases) -> None:
    ws, slug = releases["nautilus_af_subset.po"]
    seg = next(
        s for s in segments(ws, slug, "ar") if s["source"] == "File is not a valid .desktop file"
    )
    ok(ws, "translate", str(seg["id"]), "-l", "ar", "-t", "الملف ليس ملف .desktop صالحًا")
    ok(ws, "approve", str(seg["id"]), "-l", "ar", "--force", "real-world test")
    entry = _catalogue(ws, slug, "ar").find("File is not a valid .desktop file")
    assert entry.msgstr == "الملف ليس ملف .desktop صالحًا"
    assert "fuzzy" not in entry.flags and entry.previous_msgid is None


def test_obsolete_entries_carry_no_other_language_text(releases) -> None:
    ws, slug = releases["nautilus_af_subset.po"]
    obsolete = [e for e in _catalogue(ws, slug, "ar") if e.obsolete]
    assert obsolete and all(e.msgstr in ("", e.msgid) for e in obsolete)


def test_existing_catalogue_translations_are_kept(tmp_path) -> None:
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    slug = ingest(ws, DATA / "django_ar_subset.po")["slug"]
    targets = {s["source"]: s.get("target") for s in segments(ws, slug, "ar")}
    assert targets["Arabic"] == "العربيّة"


# -- translation memories from other tools ------------------------------------------------

# file -> (tus, added, skipped, languages) as `tm import --json` reports them.
TMX_FILES = {
    "omegat_project_save_en_ar.tmx": (6, 6, 0, ["ar", "en"]),
    "okapi_sampleTMX2.tmx": (2, 3, 0, ["en-US", "fr-CA", "fr-FR"]),
    "okapi_paragraph_tm_ph.tmx": (1, 1, 0, ["en", "fr"]),
    "okapi_a_small_test_hi.tmx": (1, 1, 0, ["en", "fr"]),
    "omegat_test_level2_bpt_ept_it.tmx": (3, 3, 0, ["be", "en"]),
    # en-US -> en-GB only: the same language as the workspace's source, nothing to use.
    "lisa_ImportTest1H_ascii_charrefs.tmx": (3, 0, 3, []),
    "lisa_ImportTest1K_tu_srclang.tmx": (2, 2, 0, ["de-DE", "en-GB", "fr-CA"]),
}


@pytest.fixture
def en_workspace(tmp_path) -> Path:
    return new_workspace(tmp_path / "ws", "en", ["ar", "fr", "es", "be", "cs"])


@pytest.mark.parametrize("name", sorted(TMX_FILES))
def test_tmx_import_reports_what_it_took(en_workspace, name) -> None:
    report = json.loads(ok(en_workspace, "tm", "import", str(DATA / name), "--json").stdout)
    tus, added, skipped, languages = TMX_FILES[name]
    assert (report["tus"], report["added"], report["skipped"]) == (tus, added, skipped)
    assert report["languages"] == languages


def _lookup(ws: Path, text: str, to: str, *extra: str) -> list[dict]:
    return json.loads(ok(ws, "tm", "lookup", "--to", to, "--json", *extra, "--", text).stdout)


def test_omegat_tmx11_gives_exact_arabic_matches(en_workspace) -> None:
    ok(en_workspace, "tm", "import", str(DATA / "omegat_project_save_en_ar.tmx"))
    (match,) = _lookup(en_workspace, "See below for details.", "ar")
    assert (match["kind"], match["score"]) == ("exact", 100)
    assert match["target"] == "انظر أدناه للاطلاع على التفاصيل."
    assert (match["author"], match["changed_at"]) == ("student", "2019-09-04T19:14:12Z")
    # Entities, tabs and newlines inside a segment are text, kept as written.
    usage = _lookup(en_workspace, "Usage: java -jar OmegaT.jar [<options>] [<project path>]", "ar")
    assert usage[0]["target"] == "الاستخدام: java -jar OmegaT.jar [<خيارات>] [<مسار المشروع>]"
    text = "--config-file=<path>\n\t\tA Java .properties file from which to load default settings."
    assert _lookup(en_workspace, text, "ar")[0]["kind"] == "exact"


def test_tmx_inline_codes_become_placeholders(en_workspace) -> None:
    for name in ("okapi_a_small_test_hi.tmx", "omegat_test_level2_bpt_ept_it.tmx"):
        ok(en_workspace, "tm", "import", str(DATA / name))
    (hi,) = _lookup(en_workspace, "Some text with a part highlighted.", "fr")
    assert hi["source"] == "Some text with ⟦1⟧a part highlighted⟦/1⟧."
    assert hi["target"] == "Du texte avec ⟦1⟧une portion délimitée⟦/1⟧."
    (ph,) = _lookup(en_workspace, "First part internal end.", "be", "--threshold", "60")
    assert ph["source"] == "First part ⟦1/⟧ end." and ph["target"] == "First ⟦1/⟧ tr."
    exported = en_workspace / "tm.tmx"
    ok(en_workspace, "tm", "export", "-o", str(exported))
    doc = etree.parse(str(exported))
    segs = {
        "".join(s.itertext()): s for s in doc.iter("seg") if s.getparent().get(XML_LANG) == "en"
    }
    # bpt/ept whose i was 5 and whose content does not match (<b> ... </c>) are kept.
    seg = segs["<a> zz <b>xx</c>"]
    assert [c.tag for c in seg] == ["it", "bpt", "ept"]
    assert seg[1].get("i") == seg[2].get("i")


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_tmx_region_variants_and_per_unit_source_language(en_workspace) -> None:
    ok(en_workspace, "tm", "import", str(DATA / "okapi_sampleTMX2.tmx"))
    (menu,) = _lookup(en_workspace, "menu", "fr")
    assert menu["target"] == "menu" and menu["target_lang"] in ("fr-CA", "fr-FR")
    text = "data (with a non-standard character: \uf8ff)."
    (data,) = _lookup(en_workspace, text, "fr")
    assert data["target"] == "données (avec un caractère non standard: \uf8ff)."
    ok(en_workspace, "tm", "import", str(DATA / "lisa_ImportTest1K_tu_srclang.tmx"))
    (german,) = _lookup(en_workspace, "First Entry - German", "en", "--from", "de")
    assert german["target"] == "First Entry - UK English"


def test_tmx_in_utf16_as_windows_tools_export_it(en_workspace, tmp_path) -> None:
    text = (DATA / "omegat_project_save_en_ar.tmx").read_text(encoding="utf-8")
    path = _variant(
        tmp_path,
        "utf16.tmx",
        text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    )
    report = json.loads(ok(en_workspace, "tm", "import", str(path), "--json").stdout)
    assert report["added"] == 6


def test_tmx_memory_pretranslates_a_release(en_workspace, tmp_path) -> None:
    ok(en_workspace, "tm", "import", str(DATA / "omegat_project_save_en_ar.tmx"))
    doc = _variant(tmp_path, "notes.en.txt", b"See below for details.\n\nOmegaT\n")
    slug = ingest(en_workspace, doc)["slug"]
    ok(en_workspace, "pretranslate", "-r", slug, "-l", "ar", "--tm-only")
    out = export(en_workspace, slug, "ar").decode("utf-8")
    assert out == "انظر أدناه للاطلاع على التفاصيل.\n\nأوميجاتي\n"


def _pretranslate_from_memory(ws: Path, tmp_path: Path, text: str) -> dict[str, dict]:
    ok(ws, "tm", "import", str(DATA / "memoq_style_all_regions.tmx"))
    slug = ingest(ws, _variant(tmp_path, "from-tm.en.txt", text.encode()))["slug"]
    ok(ws, "pretranslate", "-r", slug, "-l", "ar", "--tm-only")
    return {s["source"]: s for s in segments(ws, slug, "ar")}


def test_exact_match_from_region_tagged_tmx_is_exact(en_workspace, tmp_path) -> None:
    rows = _pretranslate_from_memory(en_workspace, tmp_path, "Thank you for your support.\n")
    row = rows["Thank you for your support."]
    assert (row["target"], row["origin"]) == ("شكرا لدعمكم.", "tm:100")


def test_padded_tmx_segments_are_trimmed(en_workspace, tmp_path) -> None:
    rows = _pretranslate_from_memory(en_workspace, tmp_path, "Padded source.\n")
    assert rows["Padded source."]["target"] == "نص مبطن."


def test_empty_tmx_targets_are_not_matches(en_workspace) -> None:
    ok(en_workspace, "tm", "import", str(DATA / "memoq_style_all_regions.tmx"))
    assert _lookup(en_workspace, "Empty target here.", "ar") == []


def test_tmx_round_trip_keeps_creation_metadata(en_workspace) -> None:
    """OmegaT's project_save.tmx records who created each translation and when
    (creationid=student, 2019): 'tm export' must give it back, not the import time."""
    ok(en_workspace, "tm", "import", str(DATA / "omegat_project_save_en_ar.tmx"))
    exported = en_workspace / "tm.tmx"
    ok(en_workspace, "tm", "export", "-o", str(exported))
    tuv = next(t for t in etree.parse(str(exported)).iter("tuv") if t.get(XML_LANG) == "ar")
    assert tuv.get("creationid") == "student"
    assert tuv.get("creationdate", "").startswith("2019")


# -- termbases from other tools -----------------------------------------------------------


def _glossary(ws: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(ok(ws, "glossary", "list", "--json").stdout)}


def _terms(concept: dict) -> list[tuple[str, str, str]]:
    return [(t["lang"], t["text"], t["status"]) for t in concept["terms"]]


@pytest.mark.parametrize("name", ["ltac_tbx_basic_dca_v3.tbx", "ltac_tbx_basic_dct_v3.tbx"])
def test_tbx_basic_v3_imports_terms_statuses_and_subjects(en_workspace, name) -> None:
    report = json.loads(ok(en_workspace, "glossary", "import", str(DATA / name), "--json").stdout)
    assert report["added"] == report["concepts"]
    c1 = _glossary(en_workspace)["c1"]
    assert _terms(c1) == [
        ("en", "open cluster", "preferred"),
        ("en", "galactic cluster", "deprecated"),  # supersededTerm-admn-sts
        ("es", "cúmulo abierto", "preferred"),
    ]
    assert c1["subject"] == "General"
    assert all(t["part_of_speech"] == "noun" for t in c1["terms"])


def test_translate_toolkit_martif_without_ids(en_workspace) -> None:
    name = "weblate_cs_translate_toolkit.tbx"
    report = json.loads(ok(en_workspace, "glossary", "import", str(DATA / name), "--json").stdout)
    assert (report["concepts"], report["added"]) == (4, 4)
    pairs = sorted(
        (c["terms"][0]["text"], c["terms"][1]["text"]) for c in _glossary(en_workspace).values()
    )
    assert pairs[0] == ("address bar", "adresní řádek")
    # Importing the same file again recognises the concepts (stable derived ids).
    again = json.loads(ok(en_workspace, "glossary", "import", str(DATA / name), "--json").stdout)
    assert (again["added"], again["total"]) == (0, 4)


def test_namespaced_martif_with_custom_descrips(en_workspace) -> None:
    ok(en_workspace, "glossary", "import", str(DATA / "weblate_fr_extended_metadata.tbx"))
    concepts = _glossary(en_workspace)
    assert concepts["e001"]["definition"] == "Superseded but still found in older manuals."
    assert {t["status"] for t in concepts["e001"]["terms"]} == {"deprecated"}  # "obsolete"
    code = concepts["e002"]["terms"][0]
    assert code["text"] == "SYS_ERR_406" and code["do_not_translate"]  # "Translation needed: No"
    assert code["note"] == "Do not translate error codes."


def test_tbx_in_utf16_as_multiterm_exports_it(en_workspace, tmp_path) -> None:
    text = (DATA / "ltac_tbx_basic_dca_v3.tbx").read_text(encoding="utf-8")
    path = _variant(
        tmp_path,
        "multiterm.tbx",
        text.replace('encoding="utf-8"', 'encoding="UTF-16"').encode("utf-16"),
    )
    assert (
        json.loads(ok(en_workspace, "glossary", "import", str(path), "--json").stdout)["added"] == 2
    )


def test_imported_tbx_terms_are_matched_in_running_text(en_workspace) -> None:
    ok(en_workspace, "glossary", "import", str(DATA / "ltac_tbx_basic_dca_v3.tbx"))
    text = "Over 1100 open clusters and a galactic cluster orbit the black hole."
    hits = json.loads(
        ok(en_workspace, "glossary", "match", "--lang", "en", "--to", "es", "--json", text).stdout
    )
    found = {(h["text"], h["status"]): h["targets"]["es"] for h in hits}
    assert found == {
        ("open clusters", "preferred"): ["cúmulo abierto"],
        ("galactic cluster", "deprecated"): ["cúmulo abierto"],
        ("black hole", "preferred"): ["agujero negro"],
    }


def test_tbx_export_is_read_back_by_us_and_translate_toolkit(en_workspace, tmp_path) -> None:
    from translate.storage import tbx

    for name in ("ltac_tbx_basic_dca_v3.tbx", "weblate_fr_extended_metadata.tbx"):
        ok(en_workspace, "glossary", "import", str(DATA / name))
    before = _glossary(en_workspace)
    out = tmp_path / "out.tbx"
    ok(en_workspace, "glossary", "export", "--format", "tbx", "-o", str(out))
    pairs = {(u.source, u.target) for u in tbx.tbxfile.parsefile(str(out)).units}
    assert ("open cluster", "cúmulo abierto") in pairs
    other = new_workspace(tmp_path / "other", "en", ["es", "fr"])
    ok(other, "glossary", "import", str(out))
    assert _glossary(other) == before


def test_iate_export_imports_every_language_and_matches(en_workspace) -> None:
    report = json.loads(
        ok(en_workspace, "glossary", "import", str(DATA / "iate_export_mini.tbx"), "--json").stdout
    )
    assert (report["concepts"], report["added"]) == (2, 2)
    concept = _glossary(en_workspace)["IATE-84"]
    assert concept["subject"] == "1011"  # the EuroVoc domain code IATE exports
    assert ("es", "competencias de los Estados miembros", "preferred") in _terms(concept)
    hits = json.loads(
        ok(
            en_workspace, "glossary", "match", "--lang", "en", "--to", "es", "--json",
            "This falls within the competence of the Member States.",
        ).stdout
    )  # fmt: skip
    assert [h["targets"]["es"] for h in hits] == [["competencias de los Estados miembros"]]


def test_ibm_sample_with_repeated_language_sections(en_workspace) -> None:
    """Synonyms in two <langSet xml:lang="en"> of one entry, French part-of-speech values."""
    ok(en_workspace, "glossary", "import", str(DATA / "ibm_terminology_sample.tbx"))
    c1 = _glossary(en_workspace)["c1"]
    assert [(t["lang"], t["text"]) for t in c1["terms"]] == [
        ("en", "navigation trail"),
        ("en", "branch"),
        ("fr", "historique de navigation"),
    ]
    assert c1["subject"] == "Software"


def test_sdlx_termbase_with_an_empty_term_imports(en_workspace) -> None:
    name = "sdlx_adobe_termbase.tbx"
    ok(en_workspace, "glossary", "import", str(DATA / name))
    concepts = _glossary(en_workspace)
    assert _terms(concepts["c7"]) == [("en", "backslant", "preferred")]


def test_tbx_with_upper_case_regional_codes_and_ntig(en_workspace, tmp_path) -> None:
    """The shape MultiTerm and the Microsoft terminology exports use: EN-US/ES-ES/AR-SA
    language codes and ntig/termGrp, matched for a workspace in plain en/es/ar."""
    path = _variant(
        tmp_path,
        "multiterm.tbx",
        """<?xml version="1.0" encoding="utf-8"?>
<martif type="TBX" xml:lang="en-US"><martifHeader><fileDesc><sourceDesc><p>export</p>
</sourceDesc></fileDesc></martifHeader><text><body><termEntry id="1">
<langSet xml:lang="EN-US"><ntig><termGrp><term>address bar</term></termGrp></ntig></langSet>
<langSet xml:lang="ES-ES"><ntig><termGrp><term>barra de direcciones</term></termGrp></ntig>
</langSet><langSet xml:lang="AR-SA"><ntig><termGrp><term>شريط العناوين</term></termGrp>
</ntig></langSet></termEntry></body></text></martif>""".encode(),
    )
    ok(en_workspace, "glossary", "import", str(path))
    for lang, term in (("es", "barra de direcciones"), ("ar", "شريط العناوين")):
        (hit,) = json.loads(
            ok(
                en_workspace, "glossary", "match", "--lang", "en", "--to", lang, "--json",
                "Type the URL in the address bar.",
            ).stdout
        )  # fmt: skip
        assert hit["text"] == "address bar" and list(hit["targets"].values()) == [[term]]


def test_tbx_language_level_definition_is_kept(en_workspace) -> None:
    ok(en_workspace, "glossary", "import", str(DATA / "ltac_tbx_basic_dca_v3.tbx"))
    assert "spiral" in _glossary(en_workspace)["c1"]["definition"]


def test_spreadsheet_csv_with_region_headers_and_crlf(en_workspace, tmp_path) -> None:
    path = _variant(
        tmp_path,
        "sheet.csv",
        "en-US,es-ES,ar\r\nhuman trafficking,trata de personas,الاتجار بالبشر\r\n"
        '"migrant worker","trabajador migrante",العامل المهاجر\r\n'.encode(),
    )
    report = json.loads(ok(en_workspace, "glossary", "import", str(path), "--json").stdout)
    assert report["added"] == 2
    hits = json.loads(
        ok(
            en_workspace, "glossary", "match", "--lang", "en", "--to", "ar", "--json",
            "Human trafficking hurts every migrant worker.",
        ).stdout
    )  # fmt: skip
    assert [h["targets"]["ar"] for h in hits] == [["الاتجار بالبشر"], ["العامل المهاجر"]]


def test_semicolon_csv_from_european_excel(en_workspace, tmp_path) -> None:
    path = _variant(tmp_path, "excel.csv", b"en;es\r\nmigrant;migrante\r\n")
    ok(en_workspace, "glossary", "import", str(path))


def test_utf16_tab_separated_from_excel_unicode_text(en_workspace, tmp_path) -> None:
    path = _variant(tmp_path, "excel.tsv", "en\tar\r\nmigrant\tمهاجر\r\n".encode("utf-16"))
    ok(en_workspace, "glossary", "import", str(path))


# -- XLIFF written by other tools ---------------------------------------------------------

FOREIGN_XLIFF = [
    "angular_messages.fr.xlf",
    "madcap_lingo_about_the.htm.xlf",
    "okapi_Test_Context_and_PH.xlf",
    "okapi_xliff2_test01.xlf",
    "xcode_loopkit_es.xliff",
]


def _translations_digest(ws: Path) -> list:
    import sqlite3

    with sqlite3.connect(ws / "l10n.db") as db:
        return db.execute(
            "SELECT segment_id, lang, target, state, version FROM translations ORDER BY id"
        ).fetchall()


@pytest.mark.parametrize("name", FOREIGN_XLIFF)
def test_foreign_xliff_is_refused_in_one_clear_line(tmp_path, name) -> None:
    """l10n imports the XLIFF it exported; files extracted by other tools are refused
    without a traceback and without touching the database."""
    ws = new_workspace(tmp_path / "ws", "en", ["fr", "es", "pt-BR", "zh-CN"])
    ingest(ws, DATA / "press_release.en.txt")
    before = _translations_digest(ws)
    result = cli(ws, "import", str(DATA / name))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert _translations_digest(ws) == before


@pytest.mark.parametrize("name", ["angular_messages.fr.xlf", "omegat_project_save_en_ar.tmx"])
def test_interchange_files_are_not_source_documents(tmp_path, name) -> None:
    ws = new_workspace(tmp_path / "ws", "en", ["fr"])
    result = cli(ws, "ingest", str(DATA / name))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "unsupported file type" in result.stderr


def _cat_target(ns: str, source, *, style: str):
    """A CAT tool's target: the source's inline codes around translated text."""
    target = etree.Element(f"{{{ns}}}target")
    holder = target
    if style == "mrk":  # Trados Studio / memoQ 1.2: segment markers inside the target
        holder = etree.SubElement(target, f"{{{ns}}}mrk", mtype="seg", mid="1")
    holder.text = "ES " + (source.text or "")
    for child in source:
        if style == "sc-ec" and etree.QName(child).localname == "pc":
            # XLIFF 2 tools may write a paired code as its start and end markers.
            attrs = {k: v for k, v in child.attrib.items() if k in ("type", "subType")}
            sc = etree.SubElement(holder, f"{{{ns}}}sc", id=child.get("id"), **attrs)
            sc.set("dataRef", child.get("dataRefStart"))
            sc.tail = child.text
            ec = etree.SubElement(holder, f"{{{ns}}}ec", startRef=child.get("id"), **attrs)
            ec.set("dataRef", child.get("dataRefEnd"))
            ec.tail = child.tail
        else:
            holder.append(copy.deepcopy(child))
    return target


@pytest.mark.parametrize(
    "version,style",
    [("1.2", "plain"), ("1.2", "mrk"), ("1.2", "utf16-crlf"), ("2.1", "plain"), ("2.1", "sc-ec")],
)
def test_arabic_release_round_trips_through_a_cat_tool(tmp_path, version, style) -> None:
    """Export XLIFF, translate every unit the way CAT tools write it (inline codes copied
    from the source, state 'translated', their own segment markup, code spelling or
    encoding), import: every sentence comes back in place, links included."""
    ws = new_workspace(tmp_path / "ws", "ar", ["en", "es"])
    slug = ingest(ws, DATA / "bayan_sahafi.ar.html")["slug"]
    doc = etree.fromstring(export(ws, slug, "es", "-f", "xliff", "--xliff-version", version))
    ns = doc.nsmap[None]
    holders = list(doc.iter(f"{{{ns}}}trans-unit" if version == "1.2" else f"{{{ns}}}segment"))
    for holder in holders:
        source = holder.find(f"{{{ns}}}source")
        old = holder.find(f"{{{ns}}}target")
        if old is not None:
            holder.remove(old)
        target = _cat_target(ns, source, style=style)
        if style == "mrk":
            seg_source = etree.Element(f"{{{ns}}}seg-source")
            marker = etree.SubElement(seg_source, f"{{{ns}}}mrk", mtype="seg", mid="1")
            marker.text = source.text
            marker[:] = [copy.deepcopy(c) for c in source]
            source.addnext(seg_source)
            seg_source.addnext(target)
        else:
            source.addnext(target)
        (target if version == "1.2" else holder).set("state", "translated")
    path = tmp_path / f"{slug}.es.xlf"
    if style == "utf16-crlf":
        text = etree.tostring(doc, xml_declaration=True, encoding="UTF-16").decode("utf-16")
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    else:
        path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    result = json.loads(ok(ws, "import", str(path), "--json").stdout)
    assert result["translated"] == len(holders)
    page = export(ws, slug, "es", "--min-state", "translated").decode("utf-8")
    tree = etree.fromstring(page.encode("utf-8"), etree.HTMLParser())
    assert tree.get("lang") == "es" and tree.get("dir") in (None, "ltr")
    paragraphs = tree.findall(".//p")
    assert all(("".join(p.itertext())).startswith("ES ") for p in paragraphs)
    assert tree.find(".//p/a").get("href") == "https://www.example.org/ar/trafficking"
    assert tree.find(".//p/strong").text.startswith("جنيف")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_django_catalogue_through_xliff_and_back_to_a_valid_arabic_catalogue(tmp_path) -> None:
    """A catalogue in, XLIFF 2.1 to the translators' tool, their file imported, and the
    Arabic catalogue out with six plural forms that msgfmt accepts."""
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    slug = ingest(ws, DATA / "django_ar_subset.po")["slug"]
    doc = etree.fromstring(export(ws, slug, "ar", "-f", "xliff"))
    ns = doc.nsmap[None]
    holders = list(doc.iter(f"{{{ns}}}segment"))
    for holder in holders:
        source = holder.find(f"{{{ns}}}source")
        source.addnext(_cat_target(ns, source, style="plain"))
        holder.set("state", "translated")
    path = tmp_path / "django.ar.xlf"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    assert json.loads(ok(ws, "import", str(path), "--json").stdout)["translated"] == len(holders)
    data = export(ws, slug, "ar", "--min-state", "translated")
    check = _msgfmt(tmp_path, data)
    assert check.returncode == 0, check.stderr.decode()
    entry = polib.pofile(data.decode("utf-8")).find("%(size)d byte")
    assert len(entry.msgstr_plural) == 6
    assert all(v.startswith("ES ") and "%(size)d" in v for v in entry.msgstr_plural.values())


def test_release_tmx_feeds_another_workspace_memory(releases, tmp_path) -> None:
    ws, slug = releases["bayan_sahafi.ar.html"]
    path = tmp_path / "bayan.tmx"
    path.write_bytes(export(ws, slug, "en", "-f", "tmx", "--min-state", "pretranslated"))
    other = new_workspace(tmp_path / "other", "ar", ["en"])
    report = json.loads(ok(other, "tm", "import", str(path), "--json").stdout)
    assert report["languages"] == ["ar", "en"] and report["added"] == report["tus"] > 0
    (match,) = _lookup(other, "هل يكفي التمويل الحالي؟", "en")
    assert match["kind"] == "exact"
    linked = next(s for s in segments(ws, slug, "en") if "⟦1⟧الاتجار بالبشر⟦/1⟧" in s["source"])
    (hit,) = _lookup(other, linked["source"].replace("⟦1⟧", "").replace("⟦/1⟧", ""), "en")
    assert hit["source"] == linked["source"]  # the link is an inline code on both sides


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_json_export_lists_every_segment(releases, name) -> None:
    ws, slug = releases[name]
    lang = DOCUMENTS[name][1][0]
    data = json.loads(export(ws, slug, lang, "-f", "json"))
    assert (data["source_lang"], data["lang"]) == (DOCUMENTS[name][0], lang)
    rows = segments(ws, slug, lang)
    assert [s["source"] for s in data["segments"]] == [r["source"] for r in rows]
    assert all(s["target"] and s["state"] == "pretranslated" for s in data["segments"])


def test_catalogue_comments_reach_the_translator_in_xliff(releases) -> None:
    ws, slug = releases["django_ar_subset.po"]
    doc = etree.fromstring(export(ws, slug, "ar", "-f", "xliff"))
    notes = " ".join(n.text or "" for n in doc.iter("{urn:oasis:names:tc:xliff:document:2.0}note"))
    assert "lookup_type" in notes and "abbrev. month" in notes


# Catalogues converted from JavaScript (i18next, vue-i18n), Ruby, Qt, Xcode and shell
# projects carry their own placeholder syntax, flagged per message.


@pytest.mark.parametrize(
    "msgid,masked",
    [
        pytest.param(
            "Hello {{name}}, you have {{count}} new messages.",
            "Hello ⟦1/⟧, you have ⟦2/⟧ new messages.",
            id="javascript-mustache",
        ),
        pytest.param("Signed in as %{user}.", "Signed in as ⟦1/⟧.", id="ruby"),
        pytest.param("Copied %1 of %2 files.", "Copied ⟦1/⟧ of ⟦2/⟧ files.", id="qt"),
        pytest.param("Saved %@ to %1$@.", "Saved ⟦1/⟧ to ⟦2/⟧.", id="objc"),
        pytest.param("Installing ${PACKAGE} into $HOME.", "Installing ⟦1/⟧ into ⟦2/⟧.", id="shell"),
        pytest.param("Total: {0:.2f} {currency}", "Total: ⟦1/⟧ ⟦2/⟧", id="python-brace"),
    ],
)
def test_placeholder_styles_of_other_ecosystems_are_codes(tmp_path, msgid, masked) -> None:
    ws = new_workspace(tmp_path / "ws", "en", ["ar"])
    slug = ingest(ws, DATA / "placeholder_styles.po")["slug"]
    assert masked in [s["source"] for s in segments(ws, slug, "ar")]
