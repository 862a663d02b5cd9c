"""Markdown: blocks, inline placeholders and exact round trips."""

from __future__ import annotations

import json

import pytest

from l10n.formats.markdown import MarkdownFormat
from l10n.inline import unmask
from l10n.store import Store

DOC = """---
title: Communiqué
date: 2016-02-01
---

# L'OIM au *Koweït*

Le **gouvernement** a choisi de [protéger les victimes](https://www.iom.int/fr "OIM") de traite. Voir `l10n export` pour la suite.
Cette ligne continue le même paragraphe.

## Chiffres clés

- Le Centre peut accueillir 500 résidents.
- Contact : <iereiqat@iom.int>
  et suite de l'élément.
1. Premier point ![logo](logo.png) ici.

> « Nous sommes fiers. » a déclaré le responsable.
> Deuxième ligne de la citation.

```python
print("ne pas traduire")
```

| Pays | Statut |
|------|:------:|
| Koweït | Membre du CCG |

    code indenté, jamais segmenté

Texte final avec note[^1] et <b>gras HTML</b>.

[^1]: Source : OIM.
"""


def test_markdown_blocks_and_placeholders():
    doc = MarkdownFormat().parse(DOC)
    texts = [b.text for b in doc.blocks]
    kinds = {b.kind for b in doc.blocks}
    assert {"heading", "paragraph", "list_item", "quote", "table_cell"} <= kinds
    assert "L'OIM au ⟦1⟧Koweït⟦/1⟧" in texts
    para = next(t for t in texts if t.startswith("Le ⟦1⟧gouvernement⟦/1⟧"))
    assert "⟦2⟧protéger les victimes⟦/2⟧" in para and "⟦3/⟧" in para
    # Front matter and code are never blocks.
    joined = "\n".join(texts)
    assert "ne pas traduire" not in joined and "date: 2016" not in joined
    assert "code indenté" not in joined
    # Every block unmasks to exactly the original markup.
    link = next(b for b in doc.blocks if b.text is para)
    assert unmask(para, link.codes).startswith(
        'Le **gouvernement** a choisi de [protéger les victimes](https://www.iom.int/fr "OIM")'
    )
    href = [c.attrs.get("href") for c in link.codes if c.type == "link" and c.kind == "open"]
    assert href == ["https://www.iom.int/fr"]


@pytest.mark.parametrize(
    "text",
    [
        DOC,
        DOC.replace("\n", "\r\n"),
        "Titre\n=====\n\nParagraphe *simple*.",
        "* un\n* deux **gras** et _italique_\n\n---\n\nFin.\n",
        "Un paragraphe sans fin de ligne",
        "Texte avec crochets ⟦ littéraux ⟧ et [lien](a.md).\n",
    ],
)
def test_markdown_round_trip_is_exact(cli_in, workspace, tmp_path, text):
    src = tmp_path / "doc.md"
    src.write_bytes(text.encode("utf-8"))
    assert cli_in("ingest", str(src)).exit_code == 0
    out = cli_in("export", "--release", "doc", "--lang", "fr")
    assert out.stdout_bytes == text.encode("utf-8")


def test_translated_markdown_keeps_links_and_emphasis(cli_in, workspace, tmp_path):
    src = tmp_path / "doc.md"
    src.write_text(DOC, encoding="utf-8")
    cli_in("ingest", str(src))
    segs = json.loads(cli_in("segments", "--release", "doc", "--json").stdout)
    seg = next(s for s in segs if s["source"].startswith("Le ⟦1⟧gouvernement"))
    target = "The ⟦1⟧government⟦/1⟧ chose to ⟦2⟧protect the victims⟦/2⟧ of trafficking."
    store = Store.open(workspace / "l10n.db")
    store.change_translation(
        seg["id"],
        "en",
        target=target,
        state=70,
        origin="human",
        user="t",
        action="translate",
        now="2026-01-01T00:00:00Z",
    )
    store.close()
    out = cli_in("export", "--release", "doc", "--lang", "en").stdout
    assert (
        'The **government** chose to [protect the victims](https://www.iom.int/fr "OIM") '
        "of trafficking. Voir `l10n export`"
    ) in out
    assert out.count("```python") == 1


def test_quote_continuation_lines_keep_their_prefix(cli_in, workspace, tmp_path):
    src = tmp_path / "q.md"
    src.write_text("> Première phrase\n> sur deux lignes. Seconde phrase.\n", encoding="utf-8")
    cli_in("ingest", str(src))
    segs = json.loads(cli_in("segments", "--release", "q", "--json").stdout)
    assert [s["source"] for s in segs] == ["Première phrase sur deux lignes.", "Seconde phrase."]
    assert cli_in("export", "--release", "q", "--lang", "fr").stdout == (
        "> Première phrase\n> sur deux lignes. Seconde phrase.\n"
    )


def test_a_translation_cannot_inject_html_into_markdown(cli_in, workspace, tmp_path):
    src = tmp_path / "x.md"
    src.write_text("Un texte avec <b>gras</b> et a < b.\n", encoding="utf-8")
    cli_in("ingest", str(src))
    [seg] = json.loads(cli_in("segments", "--release", "x", "--json").stdout)
    store = Store.open(workspace / "l10n.db")
    store.change_translation(
        seg["id"],
        "en",
        target="Text ⟦1⟧bold⟦/1⟧ <script>alert(1)</script>",
        state=70,
        origin="human",
        user="t",
        action="translate",
        now="2026-01-01T00:00:00Z",
    )
    store.close()
    out = cli_in("export", "--release", "x", "--lang", "en").stdout
    assert out == "Text <b>bold</b> &lt;script>alert(1)&lt;/script>\n"
    # The source, untranslated, still comes back byte for byte.
    assert cli_in("export", "--release", "x", "--lang", "fr").stdout == src.read_text()
