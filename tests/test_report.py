"""The HTML report: structure, self-containment, escaping; a headless screenshot if possible."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from l10n.ingest import ingest_file
from l10n.report import render_report, write_report
from l10n.states import APPROVED, REJECTED, TRANSLATED
from l10n.store import utcnow
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE

SLUG = "oim-koweit-avrr"
HOSTILE_USER = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = '<script>alert("x")</script> & <a href="https://example.com">link</a>'
URL_ATTRS = ("src", "href", "srcset", "action", "formaction", "poster", "data", "background")


def seeded(root: Path):
    ws = load_workspace(root)
    store = ws.open_store()
    ingest_file(
        store, EXAMPLE_RELEASE, source_lang="fr", target_langs=ws.target_langs, user="tester"
    )
    segs = store.active_segments(store.require_release(SLUG)["id"])
    for seg in segs:
        store.change_translation(
            seg["id"],
            "ar",
            target="نص",
            state=APPROVED,
            origin="human",
            user="rob",
            action="approve",
            now=utcnow(),
        )
    for seg in segs[:5]:
        store.change_translation(
            seg["id"],
            "en",
            target="Text",
            state=TRANSLATED,
            origin="human",
            user="tina",
            action="translate",
            now=utcnow(),
        )
    store.change_translation(
        segs[5]["id"],
        "en",
        target=HOSTILE_TEXT,
        state=REJECTED,
        origin="human",
        user=HOSTILE_USER,
        action="reject",
        now=utcnow(),
        reason="<b>wrong</b>",
    )
    store.replace_qa_issues(
        segs[5]["id"],
        "en",
        [
            {"check_id": "markup", "severity": "critical", "message": "stray <script> tag"},
        ],
    )
    return ws, store, segs


def test_report_structure_and_content(workspace):
    _ws, store, segs = seeded(workspace)
    page = render_report(store, now="2026-05-01T10:00:00.000000Z")
    doc = lxml_html.document_fromstring(page)
    assert page.startswith("<!DOCTYPE html>")
    assert doc.find(".//title").text == "Translation status"
    viewport = doc.xpath("//meta[@name='viewport']/@content")
    assert viewport == ["width=device-width, initial-scale=1"]
    assert [s.get("id") for s in doc.xpath("//section")] == [
        "progress",
        "status",
        "activity",
        "issues",
    ]
    # Status table: one row per release x language, then the total.
    rows = doc.xpath("//section[@id='status']//tbody/tr")
    assert [r.xpath("string(td[2])") for r in rows] == ["ar", "en", "es", ""]
    assert rows[-1].get("class") == "total"
    assert rows[0].xpath("string(td[last()])") == "yes"
    assert rows[1].xpath("string(td[last()])") == "no"
    # A stacked bar per release x language whose parts fill it.
    bars = doc.xpath("//section[@id='progress']//div[@class='bar']")
    assert len(bars) == 3
    for bar in bars:
        widths = [float(s.get("style").split("width:")[1].split("%")[0]) for s in bar]
        assert sum(widths) == pytest.approx(100.0, abs=0.01)
        assert " words: " in bar.get("aria-label")
    ar_bar = bars[0]
    assert len(ar_bar) == 1 and "#1a7f37" in ar_bar[0].get("style")  # all approved: green
    # Right-to-left language cells are marked.
    assert doc.xpath("//section[@id='status']//tbody/tr[1]/td[2]/@dir") == ["rtl"]
    # Recent activity, newest first.
    activity = doc.xpath("//section[@id='activity']//tbody/tr")
    assert activity[0].xpath("string(td[2])") == HOSTILE_USER
    assert activity[0].xpath("string(td[6])") == "untranslated → rejected"
    # Open issues: the rejected segment and the QA issue.
    issues = doc.xpath("//section[@id='issues']")[0]
    assert "stray <script> tag" in issues.text_content()
    assert issues.xpath("string(.//tbody/tr[1]/td[3])") == "1"  # en: one rejected


def test_report_is_self_contained_and_escaped(workspace):
    _ws, store, _segs = seeded(workspace)
    page = render_report(store)
    doc = lxml_html.document_fromstring(page)
    # No scripts, no external resources of any kind.
    for tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "a"):
        assert doc.xpath(f"//{tag}") == [], tag
    for attr in URL_ATTRS:
        assert doc.xpath(f"//@{attr}") == [], attr
    style = "".join(doc.xpath("//style/text()"))
    assert "url(" not in style and "@import" not in style
    assert "http://" not in page and "https://" not in page.replace(
        "https://example.com", ""
    )  # the only URL is the escaped text of a translation
    # Hostile text shows as text.
    text = doc.text_content()
    assert HOSTILE_USER in text
    assert HOSTILE_TEXT in text
    assert "<b>wrong</b>" in text
    assert "&lt;script&gt;" in page


def test_cli_report_writes_the_file(workspace, cli_in, tmp_path):
    _ws, store, _segs = seeded(workspace)
    store.close()
    target = tmp_path / "out" / "status.html"
    result = cli_in("report", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {target}"
    doc = lxml_html.document_fromstring(target.read_text(encoding="utf-8"))
    assert len(doc.xpath("//section[@id='status']//tbody/tr")) == 4
    result = cli_in("report", "-o", str(tmp_path / "en.html"), "--lang", "en", "--activity", "1")
    assert result.exit_code == 0, result.stderr
    doc = lxml_html.document_fromstring((tmp_path / "en.html").read_text(encoding="utf-8"))
    assert len(doc.xpath("//section[@id='status']//tbody/tr")) == 2
    assert len(doc.xpath("//section[@id='activity']//tbody/tr")) == 1


def test_empty_workspace_report(workspace):
    store = load_workspace(workspace).open_store()
    doc = lxml_html.document_fromstring(render_report(store))
    assert "No releases yet." in doc.text_content()
    assert "Nothing has happened yet." in doc.text_content()


def test_report_renders_in_headless_chromium(workspace, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed: no headless screenshot of the report")
    _ws, store, _segs = seeded(workspace)
    page = write_report(store, tmp_path / "report.html")
    shot = tmp_path / "phone.png"
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--window-size=390,844",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
