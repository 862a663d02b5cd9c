"""Real plain-text documents through ingest and export, the way a localisation engineer uses them.

A 7-Zip readme (tables made of spaces, numbered and dashed lists, a line that is a sentence
without a full stop), an RFC excerpt (page breaks with form feeds, a header of two columns, a
table of contents with dot leaders, "o" bullets, a sample HTTP message), and UN/UNHCR news in
French, Spanish and Arabic (date lines, datelines, quotations). Origins and licences in
tests/data/realworld/SOURCES-txt.md. Every test goes through the library (ingest_file,
export_release) on an in-memory store.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path

import pytest

from l10n.document import plan_segments
from l10n.export import export_release
from l10n.formats.txt import TextFormat
from l10n.ingest import ingest_file
from l10n.states import TRANSLATED
from l10n.store import Store, utcnow

DATA = Path(__file__).resolve().parent / "data" / "realworld"
# file -> (source language, target language)
DOCUMENTS = {
    "txt_7zip_readme.en.txt": ("en", "fr"),
    "txt_rfc6455_excerpt.en.txt": ("en", "ar"),
    "txt_ungeneva_cdh.fr.txt": ("fr", "en"),
    "txt_acnur_guterres.es.txt": ("es", "ar"),
    "txt_unhcr_saleh.ar.txt": ("ar", "en"),
}
_URL = re.compile(r"https?://[^\s)\]>]+[^\s)\].,;>]")


def _ingest(path: Path, lang: str, target: str, encoding: str | None = None):
    store = Store.memory()
    result = ingest_file(
        store, path, source_lang=lang, target_langs=[target], user="t", encoding=encoding
    )
    return store, result.slug


def _sources(store: Store, slug: str) -> list[str]:
    return [s["source"] for s in store.active_segments(store.require_release(slug)["id"])]


def _translate(store: Store, slug: str, lang: str, make) -> str:
    for seg in store.active_segments(store.require_release(slug)["id"]):
        store.change_translation(
            seg["id"],
            lang,
            target=make(seg["source"]),
            state=TRANSLATED,
            origin="human",
            user="t",
            action="translate",
            now=utcnow(),
        )
    return export_release(store, slug, lang).content.decode("utf-8")


def _occurrences(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [
        o.source for o in plan_segments(TextFormat().parse(text), DOCUMENTS[name][0]).occurrences
    ]


@pytest.fixture(scope="module")
def releases() -> dict[str, tuple[Store, str]]:
    out = {}
    for name, (lang, target) in DOCUMENTS.items():
        out[name] = _ingest(DATA / name, lang, target)
    yield out
    for store, _slug in out.values():
        store.close()


# -- every document ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_source_export_is_the_file_byte_for_byte(releases, name) -> None:
    store, slug = releases[name]
    assert export_release(store, slug, DOCUMENTS[name][0]).content == (DATA / name).read_bytes()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_segments_lose_no_word_and_hold_no_layout(name) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    occurrences = _occurrences(name)
    # Words a translator must see: all of them but the "o" list markers of the RFC.
    prose = re.sub(r"(?m)^[ \t]*o(?=[ \t]{2})", "", text)
    words = Counter(w for w in re.findall(r"\w+", prose) if re.search(r"[^\W\d_]", w))
    in_segments = Counter(w for s in occurrences for w in re.findall(r"\w+", s))
    assert not words - in_segments
    for source in occurrences:
        assert source == source.strip(), source
        assert not re.search(r"[\n\t\f]| {3,}", source), source  # no layout inside
    for url in _URL.findall(text):
        assert any(url in s for s in occurrences), url


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_translated_export_keeps_the_layout(releases, name) -> None:
    """Rules, underlines, blank lines and form feeds stay where they were; only text changes."""
    store, slug = releases[name]
    source = (DATA / name).read_text(encoding="utf-8")
    out = _translate(store, slug, DOCUMENTS[name][1], lambda s: f"[t] {s}")

    def layout_lines(text: str) -> list[str]:
        return [ln for ln in text.split("\n") if not re.search(r"[^\W\d_]", ln)]

    assert layout_lines(out) == layout_lines(source)
    assert out.count("\f") == source.count("\f")
    assert out.endswith("\n") and source.endswith("\n")


@pytest.mark.parametrize("name", ["txt_ungeneva_cdh.fr.txt", "txt_unhcr_saleh.ar.txt"])
def test_unwrapped_news_comes_back_whole_when_translated_with_its_own_text(releases, name) -> None:
    store, slug = releases[name]
    out = _translate(store, slug, DOCUMENTS[name][1], lambda s: s)
    assert out == (DATA / name).read_text(encoding="utf-8")


# -- 7-Zip readme --------------------------------------------------------------------------


def test_readme_tables_made_of_spaces_are_cells(releases) -> None:
    store, slug = releases["txt_7zip_readme.en.txt"]
    sources = _sources(store, slug)
    for cell in ("x86", "Visual C++ 6.0 with Platform SDK", "ia64 (itanium)", "readme.txt"):
        assert cell in sources
    assert "Intermediary modules for FAR plugin and Explorer plugin" in sources
    out = _translate(store, slug, "fr", lambda s: f"[fr] {s}").splitlines()
    assert "  [fr] x86   : [fr] Visual C++ 6.0 with Platform SDK" in out
    assert "  [fr] readme.txt     - [fr] Readme file" in out
    assert (
        "    [fr] Agent         [fr] Intermediary modules for FAR plugin and Explorer plugin"
        in (out)
    )


def test_readme_lines_broken_on_purpose_stay_apart(releases) -> None:
    """A sentence without a full stop, a list item followed by ordinary text: each its own
    segment, while hard-wrapped sentences (list items included) stay whole."""
    store, slug = releases["txt_7zip_readme.en.txt"]
    sources = _sources(store, slug)
    assert "This package also contains some files from LZMA SDK" in sources
    assert "You can download LZMA SDK from:" in sources
    assert "ml64.exe for x64" in sources
    assert "You can use ml.exe from Windows SDK for Windows Vista or some later versions." in (
        sources
    )
    assert (
        "7-Zip is free software distributed under the GNU LGPL (except for unRar code)." in sources
    )
    assert (
        "You can compile and use compiled files under GNU LGPL rules, since unRAR license "
        "almost has no restrictions for compiled files." in sources
    )
    out = _translate(store, slug, "fr", lambda s: f"[fr] {s}").splitlines()
    assert "  - [fr] ml64.exe for x64" in out
    assert "[fr] You can use ml.exe from Windows SDK for Windows Vista or some later versions." in (
        out
    )


# -- RFC --------------------------------------------------------------------------------------


def test_rfc_header_contents_bullets_and_sample_message(releases) -> None:
    store, slug = releases["txt_rfc6455_excerpt.en.txt"]
    sources = _sources(store, slug)
    # The two-column header: one segment per cell.
    for cell in ("Internet Engineering Task Force (IETF)", "I. Fette", "Category: Standards Track"):
        assert cell in sources
    # Table of contents: the title only; numbers, dot leaders and page numbers are layout.
    assert {"Introduction", "Background", "Terminology and Other Conventions"} <= set(sources)
    assert not any(". . ." in s for s in sources)
    # "o" bullets are list markers, not words.
    assert any(s.startswith("The wire protocol has a high overhead") for s in sources)
    assert not any(s.startswith("o ") for s in sources)
    # A link that ends a sentence stays in it.
    assert (
        "Information about the current status of this document, any errata, and how to provide "
        "feedback on it may be obtained at http://www.rfc-editor.org/info/rfc6455." in sources
    )
    # One header field of the sample message per segment.
    assert {"Host: server.example.com", "Origin: http://example.com"} <= set(sources)
    out = _translate(store, slug, "ar", lambda s: f"[ar] {s}").splitlines()
    assert "   1.  [ar] Introduction . . . . . . . . . . . . . . . . . . . . . . . . .  4" in out
    assert "        [ar] Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" in out
    assert (
        "   o  [ar] The wire protocol has a high overhead, with each client-to-server message "
        "having an HTTP header." in out
    )


# -- news -------------------------------------------------------------------------------------


def test_spanish_date_line_is_not_glued_to_the_caption(releases) -> None:
    store, slug = releases["txt_acnur_guterres.es.txt"]
    sources = _sources(store, slug)
    assert "1 October 2013" in sources
    assert sources[sources.index("1 October 2013") + 1].startswith("Imagen hoy de la apertura")
    assert any(
        s.startswith("GINEBRA, Suiza, 1 de octubre de 2013 (ACNUR) – En la") for s in sources
    )


def test_arabic_release_dateline_and_label_line(releases) -> None:
    store, slug = releases["txt_unhcr_saleh.ar.txt"]
    sources = _sources(store, slug)
    assert "18 ديسمبر 2025 متوفر أيضاً باللغات:" in sources
    assert any(s.startswith("جنيف - رحّب اليوم المفوض السامي") for s in sources)
    # The repeated headline and photo caption are one translation job each.
    assert len(sources) == len(set(sources)) == 7


# -- the same files as Windows tools and older editors save them ------------------------------


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("txt_7zip_readme.en.txt", "crlf"),
        ("txt_rfc6455_excerpt.en.txt", "crlf"),
        ("txt_ungeneva_cdh.fr.txt", "latin-1"),
        ("txt_acnur_guterres.es.txt", "cp1252-crlf"),
        ("txt_unhcr_saleh.ar.txt", "utf-16"),
        ("txt_unhcr_saleh.ar.txt", "bom-crlf"),
    ],
)
def test_saved_variants_give_the_same_segments(releases, tmp_path, name, variant) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if variant == "latin-1":
        text = text.replace("’", "'")  # latin-1 has no curly apostrophe
    encoding = None
    if variant == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif variant == "latin-1":
        data, encoding = text.encode("latin-1"), "latin-1"
    elif variant == "cp1252-crlf":
        data, encoding = text.replace("\n", "\r\n").encode("cp1252"), "cp1252"
    elif variant == "utf-16":
        data = text.encode("utf-16")
    else:
        data = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / name
    path.write_bytes(data)
    lang, target = DOCUMENTS[name]
    store, slug = _ingest(path, lang, target, encoding)
    plain = _sources(*releases[name])
    if variant == "latin-1":
        plain = [s.replace("’", "'") for s in plain]
    assert _sources(store, slug) == plain
    exported = export_release(store, slug, lang).content
    # Exports are UTF-8 (a UTF-8 BOM is kept); line ends are the file's own.
    if variant in ("crlf", "bom-crlf"):
        assert exported == data
    else:
        assert exported.decode("utf-8") == data.decode(encoding or "utf-16")
    translated = _translate(store, slug, target, lambda s: f"[t] {s}")
    if "crlf" in variant:
        assert "\n" not in translated.replace("\r\n", "")


# -- justified prose --------------------------------------------------------------------------

JUSTIFIED = """\
Le  Directeur  général  de l’OIM a déclaré que la traite des êtres
humains  reste  un fléau mondial. Selon les données publiées hier,
plus  de  50  000  victimes  ont  été  identifiées en 2023 dans la
région,  et  les  États  membres  du  CCG  se  sont engagés à agir
rapidement.

Retours volontaires    1 200
Réintégrations           950
"""


def test_a_justified_paragraph_is_prose_not_a_table_made_of_spaces(tmp_path) -> None:
    """Justification pads every line but the last to one width with runs of spaces: those
    are not the gaps of a table, so the paragraph stays whole sentences (a table would cut
    it into one-word cells and leave "50 000" out of the segments). A short table below
    is still cells."""
    path = tmp_path / "justified.fr.txt"
    path.write_text(JUSTIFIED, encoding="utf-8")
    store, slug = _ingest(path, "fr", "en")
    sources = [re.sub(" +", " ", s) for s in _sources(store, slug)]
    assert sources[:2] == [
        "Le Directeur général de l’OIM a déclaré que la traite des êtres humains reste un "
        "fléau mondial.",
        "Selon les données publiées hier, plus de 50 000 victimes ont été identifiées en 2023 "
        "dans la région, et les États membres du CCG se sont engagés à agir rapidement.",
    ]
    assert sources[2:] == ["Retours volontaires", "Réintégrations"]
    assert export_release(store, slug, "fr").content == JUSTIFIED.encode("utf-8")
    store.close()
