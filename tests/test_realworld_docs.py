"""Real documentation pages from other tools and sites, ingested, translated and exported.

The corpus (origins and licences in tests/data/realworld/SOURCES-docs.md): a page of the
Apache HTTP Server manual in Spanish (generated XHTML declaring ISO-8859-1, navigation,
scripts with CDATA, ``<pre>``, ``<code>`` links, entities), MDN's page-structure example
(HTML5 landmarks, a search form, a conditional comment), Hugo's Markdown syntax guide
(TOML front matter, a highlight shortcode holding HTML, ``&nbsp;`` in table cells,
inline HTML), a Hinode docs page (shortcodes inside link targets) and Material for
MkDocs' admonitions page (admonitions, collapsible blocks, content tabs, definitions,
emoji shortcodes, indented reference definitions). Every page is translated with a fake
translation (each segment upper-cased) through the library, as a translator's work would
be stored, and the exported document is compared with its source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from l10n.export import export_release
from l10n.formats.markdown import MarkdownFormat
from l10n.ingest import ingest_file
from l10n.states import TRANSLATED
from l10n.store import utcnow
from l10n.workspace import find_workspace
from l10n.workspace_init import init_workspace

DATA = Path(__file__).resolve().parent / "data" / "realworld"
APACHE = "docs_apache_handler.es.html"
MDN = "docs_mdn_website_structure.en.html"
HUGO = "docs_hugo_markdown_syntax.en.md"
HINODE = "docs_hinode_content_management.en.md"
MKDOCS = "docs_mkdocs_admonitions.en.md"
PAGES = {APACHE: ("es", "en"), MDN: ("en", "fr"), HUGO: ("en", "fr")}
PAGES.update({HINODE: ("en", "fr"), MKDOCS: ("en", "fr")})


class Translated:
    """One page ingested, every segment translated (upper-cased), exported."""

    def __init__(self, root: Path, name: str):
        self.source_lang, self.lang = PAGES[name]
        self.source = (DATA / name).read_bytes()
        init_workspace(
            root, source_lang=self.source_lang, target_langs=[self.lang], with_glossary=False
        )
        store = find_workspace(str(root)).open_store()
        result = ingest_file(
            store, DATA / name, source_lang=self.source_lang, target_langs=[self.lang], user="t"
        )
        release = store.require_release(result.slug)
        self.segments = [s["source"] for s in store.active_segments(release["id"])]
        self.untranslated = export_release(store, result.slug, self.source_lang).content
        for seg in store.active_segments(release["id"]):
            store.change_translation(
                seg["id"],
                self.lang,
                target=seg["source"].upper(),
                state=TRANSLATED,
                origin="human",
                user="t",
                action="translate",
                now=utcnow(),
            )
        self.out = export_release(store, result.slug, self.lang).content.decode("utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Translated]:
    return {name: Translated(tmp_path_factory.mktemp("docs"), name) for name in PAGES}


def _placeholders_only(segment: str) -> str:
    return re.sub(r"⟦/?\d+/?⟧", "", segment)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_untranslated_export_is_the_source_byte_for_byte(pages, name) -> None:
    assert pages[name].untranslated == pages[name].source


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_segment_shows_markup_as_text(pages, name) -> None:
    for segment in pages[name].segments:
        text = _placeholders_only(segment)
        assert not re.search(r"</?[A-Za-z!]|&[a-z]+;|\{\{|\{%|^(!!!|\?\?\?|===|:\s)", text), segment
        assert ":octicons-" not in text, segment


# -- HTML ---------------------------------------------------------------------------------


def _markup(page: bytes | str) -> list[tuple[str, tuple]]:
    """Every element in order with its attributes, except those a translation changes."""
    changed = {"lang", "xml:lang", "title", "alt"}
    changed |= {"placeholder", "value", "content"}
    tree = lxml_html.document_fromstring(page if isinstance(page, bytes) else page.encode())
    return [
        (el.tag, tuple(sorted((k, v) for k, v in el.attrib.items() if k not in changed)))
        for el in tree.iter()
        if isinstance(el.tag, str)
    ]


@pytest.mark.parametrize("name", [APACHE, MDN])
def test_html_export_keeps_every_element_and_attribute(pages, name) -> None:
    assert _markup(pages[name].out) == _markup(pages[name].source)


def test_apache_manual_page_segments(pages) -> None:
    segments = pages[APACHE].segments
    joined = "\n".join(segments)
    # Script (with CDATA), <pre> and <code> content is never offered for translation.
    for code in ("prettyPrint", "comments_shortname", "SetHandler", "char *handler", "r->"):
        assert code not in joined
    # Entities are decoded; inline markup is placeholders; sentences are split.
    assert "Este documento describe el uso de los Handlers en Apache." in segments
    assert (
        "Segundo, porque a un fichero se le pueden asignar tanto un tipo ⟦1⟧como⟦/1⟧ un "
        "handler." in segments
    )
    assert "(Consulte también la sección ⟦2⟧Ficheros y extensiones múltiples⟦/2⟧.)" in segments
    # The table of contents (an icon, then the link) shares the heading's segment.
    assert segments.count("¿Qué es un Handler?") == 1
    assert not any(s.startswith("⟦1/⟧") for s in segments)
    # Attributes read out to users are segments of their own.
    assert {"Español", "Türkçe", "top", "No Sidebar - Default font size"} <= set(segments)


def test_apache_manual_page_declares_the_utf8_it_is_written_in(pages) -> None:
    page = pages[APACHE]
    assert page.source.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert page.out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<meta content="text/html; charset=utf-8" http-equiv="Content-Type" />' in page.out
    assert 'lang="en" xml:lang="en"' in page.out
    # An XML reader decodes the page as it declares it: the translated title is intact.
    root = etree.fromstring(page.out.replace("&nbsp;", "&#160;").encode("utf-8"))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    title = root.find("x:head/x:title", ns).text
    assert title == "USO DE LOS HANDLERS EN APACHE - SERVIDOR HTTP APACHE VERSIÓN 2.5"
    # Untranslated content is byte for byte the source's.
    for kept in (
        '<pre class="prettyprint lang-config">&lt;Directory "/web/htdocs/asis"&gt;\n'
        "    SetHandler send-as-is\n&lt;/Directory&gt;</pre>",
        "//--><!]]></script>",
        '<img alt="" src="./images/down.gif" /> <a href="#definition">&#191;QU',
    ):
        assert kept in page.out


def test_mdn_page_translates_form_texts_and_keeps_the_conditional_comment(pages) -> None:
    page = pages[MDN]
    assert {"Search query", "Go!", "My page title"} <= set(page.segments)
    assert '<input type="search" name="q" placeholder="SEARCH QUERY">' in page.out
    assert '<input type="submit" value="GO!">' in page.out
    comment = re.search(r"<!--\[if lt IE 9\]>.*?<!\[endif\]-->", page.source.decode(), re.S)
    assert comment and comment.group(0) in page.out
    assert page.out.startswith('<!DOCTYPE html>\n<html lang="fr">')


# -- Markdown -----------------------------------------------------------------------------


def _rendered_markup(text: str) -> list[str]:
    """The tags a CommonMark renderer makes of a document, in order."""
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    return re.findall(r"</?[a-z][a-z0-9]*", rendered)


@pytest.mark.parametrize("name", [HUGO, HINODE, MKDOCS])
def test_markdown_export_renders_to_the_same_structure(pages, name) -> None:
    page = pages[name]
    assert _rendered_markup(page.out) == _rendered_markup(page.source.decode())
    again = MarkdownFormat().parse(page.out)
    first = MarkdownFormat().parse(page.source.decode())
    assert [b.kind for b in again.blocks] == [b.kind for b in first.blocks]


def test_hugo_guide_keeps_front_matter_code_and_shortcode_blocks(pages) -> None:
    page = pages[HUGO]
    source = page.source.decode()
    front_matter = source[: source.index("+++\n", 4) + 4]
    assert page.out.startswith(front_matter)
    shortcode = source[source.index("{{< highlight html >}}") :]
    shortcode = shortcode[: shortcode.index("{{< /highlight >}}") + len("{{< /highlight >}}\n")]
    assert "<title>Example HTML5 Document</title>" in shortcode
    assert shortcode in page.out
    assert '\n    <!DOCTYPE html>\n    <html lang="en">\n' in page.out  # indented code
    assert "\n```\n[markup.goldmark.renderer]\n  unsafe= true\n```\n" in page.out
    # &nbsp; padding in table cells is markup: kept as written, never upper-cased.
    assert "| INLINE&nbsp;&nbsp;&nbsp;     | MARKDOWN&nbsp;&nbsp;&nbsp;  |" in page.out
    assert "Inline⟦1/⟧⟦2/⟧⟦3/⟧" in page.segments
    assert "\n<!--more-->\n" in page.out
    assert "> — <cite>ROB PIKE[^1]</cite>\n" in page.out


def test_hinode_shortcodes_in_link_targets_are_kept(pages) -> None:
    page = pages[HINODE]
    assert "Hinode uses a structured approach to ⟦1⟧organize and present content⟦/1⟧." in (
        page.segments
    )
    for target in ('({{< param "links.hugo_structure" >}})', '({{< relref "languages" >}})'):
        assert target in page.out
    assert "[MULTILANGUAGE SITES]({{< relref" in page.out
    assert "\n```yml\n---\ntitle: Introduction\naliases:\n" in page.out


def test_mkdocs_admonitions_tabs_and_definitions_are_translated(pages) -> None:
    page = pages[MKDOCS]
    segments = set(page.segments)
    # Titles of admonitions and tabs, and the bodies of admonitions, are segments.
    assert {"Phasellus posuere in sem ut cursus", "Pied Piper", "inline end"} <= segments
    assert "Nunc eu odio eleifend, blandit leo a, volutpat sapien." in segments
    assert "Nulla et euismod nulla." in segments  # in admonitions and in definitions
    # Emoji shortcodes are placeholders.
    assert "⟦1⟧⟦2/⟧ Source⟦/1⟧ · ⟦3⟧⟦4/⟧ Extension⟦/3⟧" in segments
    out = page.out
    assert '\n!!! note "PHASELLUS POSUERE IN SEM UT CURSUS"\n\n    LOREM IPSUM DOLOR' in out
    assert "\n???+ note\n\n    LOREM IPSUM" in out
    assert '\n=== "INLINE END"\n\n    [![Admonition, inline end][13]][13]\n' in out
    assert "\n:   !!! note\n\n        LOREM IPSUM DOLOR SIT AMET" in out
    # A sentence that wrapped onto the next line keeps the body's indentation.
    assert "ELEMENTUM TURPIS.\n    ETIAM IPSUM QUAM" in out
    # Code inside an admonition, reference definitions and the style block are kept.
    assert "\n    ``` python\n    def bubble_sort(items):\n" in out
    assert "\n  [7]: #supported-types\n" in out
    assert "\n<style>\n  :root {\n" in out
    assert "[:octicons-file-code-24: SOURCE][1] · [:octicons-workflow-24: EXTENSION][2]" in out
