"""Markdown: inline HTML as paired codes, and footnotes whose every paragraph is translated.

Documents are ingested into a workspace, translated through the store as a translator's
work would be, and exported; the export must keep the markup byte for byte around the
translated text and parse back to the same structure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from l10n.export import export_release
from l10n.formats.markdown import MarkdownFormat
from l10n.ingest import ingest_file
from l10n.inline import PLACEHOLDER_RE, unmask
from l10n.qa.runner import run_checks
from l10n.states import TRANSLATED
from l10n.store import utcnow
from l10n.workspace import find_workspace
from l10n.workspace_init import init_workspace


class Page:
    """A Markdown page ingested (en -> fr) in a fresh workspace."""

    def __init__(self, root: Path, text: str):
        init_workspace(root, source_lang="en", target_langs=["fr"], with_glossary=False)
        self.store = find_workspace(str(root)).open_store()
        path = root / "page.md"
        path.write_bytes(text.encode("utf-8"))
        result = ingest_file(self.store, path, source_lang="en", target_langs=["fr"], user="t")
        self.slug = result.slug
        self.rows = self.store.active_segments(self.store.require_release(self.slug)["id"])

    @property
    def sources(self) -> list[str]:
        return [row["source"] for row in self.rows]

    def translate(self, targets: dict[str, str]) -> None:
        for row in self.rows:
            if row["source"] in targets:
                self.store.change_translation(
                    row["id"],
                    "fr",
                    target=targets[row["source"]],
                    state=TRANSLATED,
                    origin="human",
                    user="t",
                    action="translate",
                    now=utcnow(),
                )

    def export(self, lang: str = "fr", **kwargs) -> str:
        return export_release(self.store, self.slug, lang, **kwargs).content.decode("utf-8")


@pytest.fixture
def page(tmp_path):
    pages = []

    def make(text: str) -> Page:
        made = Page(tmp_path / f"ws{len(pages)}", text)
        pages.append(made)
        return made

    yield make
    for made in pages:
        made.store.close()


def _rendered(text: str) -> list[str]:
    """The tags a CommonMark renderer (with tables) makes of a document, in order."""
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    return re.findall(r"</?[a-z][a-z0-9]*", rendered)


INLINE = (
    "H<sub>2</sub>O is water.\n"
    "\n"
    'As <cite>Le Monde</cite> wrote, the <span class="x">new centre</span> opened.\n'
    "\n"
    'Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy what <abbr title="Organisation '
    'internationale pour les migrations">OIM</abbr> wrote.\n'
)


def test_inline_html_becomes_paired_codes(page):
    sources = page(INLINE).sources
    assert sources == [
        "H⟦1⟧2⟦/1⟧O is water.",
        "As ⟦1⟧Le Monde⟦/1⟧ wrote, the ⟦2⟧new centre⟦/2⟧ opened.",
        # The abbreviation's title is a segment of its own, put back inside its tag.
        "Organisation internationale pour les migrations",
        "Press ⟦1⟧Ctrl⟦/1⟧+⟦2⟧C⟦/2⟧ to copy what ⟦3⟧OIM⟦/3⟧ wrote.",
    ]


def test_pairs_in_headings_list_items_and_table_cells(page):
    text = (
        "# The <em>new</em> plan\n"
        "\n"
        "- CO<sub>2</sub> emissions fell.\n"
        "\n"
        "| Gas | Note |\n"
        "| --- | --- |\n"
        "| CH<sub>4</sub> | <mark>rising</mark> again |\n"
    )
    doc = MarkdownFormat().parse(text)
    got = {(b.kind, b.text) for b in doc.blocks}
    assert {
        ("heading", "The ⟦1⟧new⟦/1⟧ plan"),
        ("list_item", "CO⟦1⟧2⟦/1⟧ emissions fell."),
        ("table_cell", "CH⟦1⟧4⟦/1⟧"),
        ("table_cell", "⟦1⟧rising⟦/1⟧ again"),
    } <= got
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert [(c.kind, c.data, c.type) for c in heading.codes] == [
        ("open", "<em>", "em"),
        ("close", "</em>", "em"),
    ]


def test_nesting_void_unmatched_and_comments(page):
    doc = MarkdownFormat().parse(
        "A <b>bold <i>and italic</i></b> word, a<br>break, a <wbr/>hint, an "
        '<img src="x.png"> icon, a stray </u> tag, an <q>open one, and <!-- a note -->.\n'
    )
    [block] = doc.blocks
    assert block.text == (
        "A ⟦1⟧bold ⟦2⟧and italic⟦/2⟧⟦/1⟧ word, a⟦3/⟧break, a ⟦4/⟧hint, an ⟦5/⟧ icon, "
        "a stray ⟦6/⟧ tag, an ⟦7/⟧open one, and ⟦8/⟧."
    )
    data = {(c.id, c.kind): c.data for c in block.codes}
    assert data[(1, "open")] == "<b>" and data[(1, "close")] == "</b>"
    assert data[(3, "standalone")] == "<br>" and data[(7, "standalone")] == "<q>"


def test_tags_crossing_emphasis_or_blocks_stay_standalone():
    doc = MarkdownFormat().parse(
        "One <span>crosses *the</span> emphasis* here.\n\nA <span>first\n\nsecond</span> one.\n"
    )
    assert [b.text for b in doc.blocks] == [
        "One ⟦1/⟧crosses ⟦2⟧the⟦3/⟧ emphasis⟦/2⟧ here.",
        "A ⟦1/⟧first",
        "second⟦1/⟧ one.",
    ]


def test_an_element_holding_a_sentence_break_keeps_standalone_codes(page):
    # Segmentation would cut the pair in two segments, each with half of it.
    p = page("He said <span>It works. Try it</span> yesterday.\n")
    assert p.sources == ["He said ⟦1/⟧It works.", "Try it⟦2/⟧ yesterday."]


def test_code_and_untranslated_elements_are_one_code():
    doc = MarkdownFormat().parse(
        'Run <code>l10n *export*</code> or <span translate="no">Brand Name</span> now.\n'
    )
    [block] = doc.blocks
    assert block.text == "Run ⟦1/⟧ or ⟦2/⟧ now."
    assert [c.data for c in block.codes] == [
        "<code>l10n *export*</code>",
        '<span translate="no">Brand Name</span>',
    ]


def test_a_paragraph_may_start_with_inline_html(page):
    text = (
        '<abbr title="Graphics Interchange Format">GIF</abbr> is a bitmap format.\n'
        "Press\n"
        "<kbd>Ctrl</kbd> to go on.\n"
        "\n"
        "<div>\n"
        "Raw block, kept as is.\n"
        "</div>\n"
        "\n"
        "<pre>\n"
        "kept\n"
        "\n"
        "still kept\n"
        "</pre>\n"
    )
    assert page(text).sources == [
        "Graphics Interchange Format",
        "⟦1⟧GIF⟦/1⟧ is a bitmap format.",
        "Press ⟦2⟧Ctrl⟦/2⟧ to go on.",
    ]


def test_reordered_translation_exports_tags_intact_and_reparses_alike(page):
    p = page(INLINE)
    p.translate(
        {
            "H⟦1⟧2⟦/1⟧O is water.": "L'eau, c'est H⟦1⟧2⟦/1⟧O.",
            "As ⟦1⟧Le Monde⟦/1⟧ wrote, the ⟦2⟧new centre⟦/2⟧ opened.": (
                "Le ⟦2⟧nouveau centre⟦/2⟧ a ouvert, a écrit ⟦1⟧Le Monde⟦/1⟧."
            ),
            "Press ⟦1⟧Ctrl⟦/1⟧+⟦2⟧C⟦/2⟧ to copy what ⟦3⟧OIM⟦/3⟧ wrote.": (
                "Pour copier ce que l'⟦3⟧OIM⟦/3⟧ a écrit, appuyez sur ⟦1⟧Ctrl⟦/1⟧+⟦2⟧C⟦/2⟧."
            ),
            "Organisation internationale pour les migrations": "Organisation « 1 > 2 » <b>",
        }
    )
    out = p.export()
    assert out == (
        "L'eau, c'est H<sub>2</sub>O.\n"
        "\n"
        'Le <span class="x">nouveau centre</span> a ouvert, a écrit <cite>Le Monde</cite>.\n'
        "\n"
        'Pour copier ce que l\'<abbr title="Organisation « 1 &gt; 2 » &lt;b&gt;">OIM</abbr> '
        "a écrit, appuyez sur <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n"
    )
    assert sorted(_rendered(out)) == sorted(_rendered(INLINE))
    again, first = MarkdownFormat().parse(out), MarkdownFormat().parse(INLINE)
    assert [b.kind for b in again.blocks] == [b.kind for b in first.blocks]
    shape = [[(c.id, c.kind, c.data) for c in b.codes if c.kind != "close"] for b in first.blocks]
    assert [[(c.id, c.kind) for c in b.codes if c.kind != "close"] for b in again.blocks] == [
        [(i, k) for i, k, _d in codes] for codes in shape
    ]
    # Nothing translated: the source comes back byte for byte.
    assert p.export("en") == INLINE


def test_a_translation_cannot_add_markup_between_paired_codes(page):
    p = page("Some <em>text</em> here.\n")
    p.translate({"Some ⟦1⟧text⟦/1⟧ here.": "Du ⟦1⟧<script>x</script>⟦/1⟧ ici."})
    assert p.export() == "Du <em>&lt;script>x&lt;/script></em> ici.\n"


def test_qa_flags_a_translation_that_drops_a_closing_code(page):
    [source] = page("Most <mark>salamanders</mark> hunt at night.\n").sources
    assert source == "Most ⟦1⟧salamanders⟦/1⟧ hunt at night."

    def placeholder_issues(target: str) -> list[str]:
        return [
            issue.message
            for issue in run_checks(source, target, "en", "fr", enabled=["placeholders"])
        ]

    assert placeholder_issues("La plupart des ⟦1⟧salamandres⟦/1⟧ chassent la nuit.") == []
    assert placeholder_issues("La plupart des ⟦1⟧salamandres chassent la nuit.") == [
        "the inline code ⟦/1⟧ is missing"
    ]
    assert placeholder_issues("⟦/1⟧La plupart des ⟦1⟧salamandres chassent la nuit.") == [
        "the inline code ⟦/1⟧ closes out of order"
    ]


def test_xliff_writes_inline_html_as_pc_elements(page):
    p = page("H<sub>2</sub>O is water.\n")
    p.translate({"H⟦1⟧2⟦/1⟧O is water.": "L'eau, c'est H⟦1⟧2⟦/1⟧O."})
    root = etree.fromstring(p.export(format_name="xliff").encode())
    ns = {"x": root.nsmap[None]}
    [pc] = root.findall(".//x:source/x:pc", ns)
    assert pc.text == "2" and pc.get("dataRefStart") and pc.get("dataRefEnd")
    data = {d.get("id"): d.text for d in root.iterfind(".//x:data", ns)}
    assert data[pc.get("dataRefStart")] == "<sub>" and data[pc.get("dataRefEnd")] == "</sub>"
    [target_pc] = root.findall(".//x:target/x:pc", ns)
    assert target_pc.get("id") == pc.get("id")


FOOTNOTES = (
    "Migration rose[^1] and fell[^note].\n"
    "\n"
    "[^1]: The first paragraph of the note.\n"
    "    Its second sentence wraps\n"
    "    onto a third line.\n"
    "\n"
    "    A second paragraph, with <cite>a source</cite>.\n"
    "\n"
    "        code in the note, never translated\n"
    "\n"
    "    - and a list item.\n"
    "\n"
    "[^note]: A short note.\n"
    "\n"
    "After the notes.\n"
)


def test_footnote_paragraphs_are_all_translated_with_their_indentation(page):
    p = page(FOOTNOTES)
    assert p.sources == [
        "Migration rose⟦1/⟧ and fell⟦2/⟧.",
        "The first paragraph of the note.",
        "Its second sentence wraps onto a third line.",
        "A second paragraph, with ⟦1⟧a source⟦/1⟧.",
        "and a list item.",
        "A short note.",
        "After the notes.",
    ]
    doc = MarkdownFormat().parse(FOOTNOTES)
    assert [b.kind for b in doc.blocks] == [
        "paragraph",
        "footnote",
        "footnote",
        "list_item",
        "footnote",
        "paragraph",
    ]
    p.translate({source: source.upper() for source in p.sources})
    out = p.export()
    assert out == (
        "MIGRATION ROSE[^1] AND FELL[^note].\n"
        "\n"
        "[^1]: THE FIRST PARAGRAPH OF THE NOTE.\n"
        "    ITS SECOND SENTENCE WRAPS ONTO A THIRD LINE.\n"
        "\n"
        "    A SECOND PARAGRAPH, WITH <cite>A SOURCE</cite>.\n"
        "\n"
        "        code in the note, never translated\n"
        "\n"
        "    - AND A LIST ITEM.\n"
        "\n"
        "[^note]: A SHORT NOTE.\n"
        "\n"
        "AFTER THE NOTES.\n"
    )
    assert [b.kind for b in MarkdownFormat().parse(out).blocks] == [b.kind for b in doc.blocks]
    assert p.export("en") == FOOTNOTES


def test_footnote_continuation_aligned_with_its_text_is_one_paragraph():
    text = "[^a]: First line\n      aligned under it.\n\n    Second paragraph.\n"
    doc = MarkdownFormat().parse(text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("footnote", "First line\n  aligned under it."),
        ("footnote", "Second paragraph."),
    ]
    rebuilt = "".join(
        s
        if isinstance(s, str)
        else unmask(
            doc.blocks[s].text.replace("\n", "\n" + doc.blocks[s].meta.get("cont", "")),
            doc.blocks[s].codes,
        )
        for s in doc.skeleton
    )
    assert rebuilt == text


def test_attribute_blocks_inside_containers_and_footnotes(page):
    text = (
        '!!! note "About <abbr title="International Organization">IOM</abbr>"\n'
        "\n"
        '    The <abbr title="United Nations">UN</abbr> agency.\n'
        "\n"
        '[^1]: See <abbr title="Frequently asked questions">FAQ</abbr>.\n'
        "\n"
        '    And <img src="a.png" alt="a map of routes"> here.\n'
    )
    p = page(text)
    assert set(p.sources) >= {
        "The ⟦1⟧UN⟦/1⟧ agency.",
        "United Nations",
        "Frequently asked questions",
        "a map of routes",
        "And ⟦1/⟧ here.",
    }
    p.translate({source: source.upper() for source in p.sources})
    out = p.export()
    assert '    THE <abbr title="UNITED NATIONS">UN</abbr> AGENCY.\n' in out
    assert '[^1]: SEE <abbr title="FREQUENTLY ASKED QUESTIONS">FAQ</abbr>.\n' in out
    assert '    AND <img src="a.png" alt="A MAP OF ROUTES"> HERE.\n' in out
    assert p.export("en") == text
    assert all(not PLACEHOLDER_RE.search(line) for line in out.splitlines())
