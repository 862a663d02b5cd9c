"""A one-page HTML status report for coordinators.

One self-contained static file: inline CSS, no scripts, no images, no fonts, no
links to anything outside the page, so it opens from disk (or an e-mail
attachment) without network and reads on a phone. Every piece of workspace text
(slugs, user names, translations, QA messages) is HTML-escaped.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from l10n import __version__
from l10n.fsutil import write_atomically
from l10n.langs import display_name, is_rtl
from l10n.states import APPROVED, state_name
from l10n.status import STATE_ORDER, LangStatus, StatusReport, workspace_status
from l10n.store import utcnow

# Bar colours per state; each state also has a text label, so colour is never the
# only carrier of meaning.
STATE_COLOURS = {
    "approved": "#1a7f37",
    "translated": "#2f6fde",
    "pretranslated": "#8fb8f2",
    "needs_work": "#d99a00",
    "rejected": "#cf222e",
    "untranslated": "#d0d7de",
}

_CSS = """
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; overflow-wrap: anywhere; }
.meta, .muted { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0 0; padding: 0;
  list-style: none; }
.summary b { font-size: 1.2rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none;
  font-size: .85rem; }
.legend span, .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  vertical-align: -1px; margin-right: .3rem; }
.lang-row { display: grid; grid-template-columns: minmax(7rem, 12rem) 1fr 4.5rem; gap: .5rem;
  align-items: center; margin: .3rem 0; }
.bar { display: flex; height: 1.1rem; border-radius: 3px; overflow: hidden;
  background: #eef1f4; border: 1px solid var(--line); }
.bar span { display: block; height: 100%; }
.pct { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--fg); }
.yes { color: #1a7f37; font-weight: 600; }
.no { color: var(--muted); }
.text { max-width: 28rem; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 1rem; font-size: .8rem;
  background: #eef1f4; white-space: nowrap; }
.crit { background: #ffebe9; color: #a40e26; }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 14px; }
  .lang-row { grid-template-columns: 1fr 3.5rem; }
  .lang-row .bar { grid-column: 1 / -1; grid-row: 2; }
  .hide-narrow { display: none; }
}
@media print { th { position: static; } }
"""


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _lang_attrs(code: str) -> str:
    return f' lang="{_e(code)}" dir="{"rtl" if is_rtl(code) else "ltr"}"'


def _snippet(text: str | None, limit: int = 120) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bar(row: LangStatus) -> str:
    total = row.words or 0
    words_by_state = row.words_by_state
    label = ", ".join(
        f"{name.replace('_', ' ')} {words_by_state[name]}"
        for name in reversed(STATE_ORDER)
        if words_by_state[name]
    )
    spans = []
    for name in reversed(STATE_ORDER):  # approved first, from the left
        words = words_by_state[name]
        if not words or not total:
            continue
        width = 100.0 * words / total
        spans.append(
            f'<span style="width:{width:.3f}%;background:{STATE_COLOURS[name]}" '
            f'title="{_e(name.replace("_", " "))}: {words} words"></span>'
        )
    return (
        f'<div class="bar" role="img" aria-label="{_e(f"{row.words} words: {label}")}">'
        + "".join(spans)
        + "</div>"
    )


def _legend() -> str:
    items = "".join(
        f'<li><span style="background:{STATE_COLOURS[name]}"></span>{_e(name.replace("_", " "))}'
        "</li>"
        for name in reversed(STATE_ORDER)
    )
    return f'<ul class="legend" aria-label="Legend">{items}</ul>'


def _progress_section(report: StatusReport) -> str:
    parts = ['<section id="progress"><h2>Progress by release and language</h2>', _legend()]
    if not report.rows:
        parts.append('<p class="muted">No releases yet.</p>')
    current = None
    for row in report.rows:
        if row.release != current:
            if current is not None:
                parts.append("</div>")
            current = row.release
            parts.append(
                f'<h3>{_e(row.release)} <span class="muted">v{_e(row.version)}</span></h3>'
            )
            parts.append('<div class="release">')
        done = "finished" if row.finished else f"{row.percent_approved:g}% approved"
        parts.append(
            '<div class="lang-row">'
            f"<div><b{_lang_attrs(row.lang)}>{_e(row.lang)}</b> "
            f'<span class="muted hide-narrow">{_e(display_name(row.lang))}</span></div>'
            f"{_bar(row)}"
            f'<div class="pct {"yes" if row.finished else ""}">{_e(done)}</div>'
            "</div>"
        )
    if current is not None:
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _status_table(report: StatusReport) -> str:
    head = (
        "<tr><th>Release</th><th>Lang</th>"
        + "".join(f'<th class="num">{_e(n.replace("_", " "))}</th>' for n in STATE_ORDER)
        + '<th class="num">Words</th><th class="num">Approved</th><th class="num">QA critical</th>'
        "<th>Assignee</th><th>Last activity</th><th>Finished</th></tr>"
    )
    body = []
    for row in [*report.rows, report.total]:
        is_total = row is report.total
        cells = [
            f"<td>{_e('Total' if is_total else row.release)}</td>",
            f"<td{'' if is_total else _lang_attrs(row.lang)}>{_e(row.lang)}</td>",
        ]
        cells += [f'<td class="num">{n}</td>' for n in row.counts]
        qa = "n/a" if row.qa_critical is None else row.qa_critical
        cells += [
            f'<td class="num">{row.words}</td>',
            f'<td class="num">{row.percent_approved:g}%</td>',
            f'<td class="num">{_e(qa)}</td>',
            f"<td>{_e(row.assignee)}</td>",
            f"<td>{_e((row.last_activity or '')[:16].replace('T', ' '))}</td>",
            f'<td class="{"yes" if row.finished else "no"}">{"yes" if row.finished else "no"}</td>',
        ]
        row_attr = ' class="total"' if is_total else ""
        body.append(f"<tr{row_attr}>" + "".join(cells) + "</tr>")
    return (
        '<section id="status"><h2>Status</h2>'
        '<p class="muted">Segments by state (repeated sentences count once); words are source '
        f"words. Finished: every segment {_e(report.finished_state)}.</p>"
        f'<div class="scroll"><table><thead>{head}</thead><tbody>{"".join(body)}</tbody>'
        "</table></div></section>"
    )


def _activity_section(rows: list[dict]) -> str:
    if not rows:
        return (
            '<section id="activity"><h2>Recent activity</h2>'
            '<p class="muted">Nothing has happened yet.</p></section>'
        )
    body = []
    for r in rows:
        change = ""
        if r.get("new_state") is not None:
            old = state_name(r["old_state"]) if r.get("old_state") is not None else ""
            change = f"{old} → {state_name(r['new_state'])}" if old else state_name(r["new_state"])
        body.append(
            "<tr>"
            f"<td>{_e((r.get('at') or '')[:19].replace('T', ' '))}</td>"
            f"<td>{_e(r.get('user'))}</td>"
            f"<td>{_e(r.get('release'))}</td>"
            f"<td{_lang_attrs(r['lang']) if r.get('lang') else ''}>{_e(r.get('lang'))}</td>"
            f"<td>{_e(r.get('action'))}</td>"
            f"<td>{_e(change.replace('_', ' '))}</td>"
            f'<td class="num">{_e(r.get("segment_id"))}</td>'
            f'<td class="text"{_lang_attrs(r["lang"]) if r.get("lang") else ""}>'
            f"{_e(_snippet(r.get('new_target')))}"
            + (
                f'<br><span class="muted">{_e(_snippet(r["reason"]))}</span>'
                if r.get("reason")
                else ""
            )
            + "</td></tr>"
        )
    return (
        '<section id="activity"><h2>Recent activity</h2><div class="scroll"><table><thead><tr>'
        "<th>When (UTC)</th><th>Who</th><th>Release</th><th>Lang</th><th>Action</th>"
        '<th>State</th><th class="num">Segment</th><th>Text</th></tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table></div></section>"
    )


def _qa_issue_list(store, report: StatusReport, limit: int) -> list[dict] | None:
    """Open QA issues of the releases and languages shown, most severe first; None
    when the workspace has no QA."""
    lister = getattr(store, "list_qa_issues", None)
    if lister is None or store.open_critical_qa_counts() is None:
        return None
    shown = {(r.release, r.lang) for r in report.rows}
    rank = {"critical": 0, "warning": 1}
    issues = [i for i in lister() if (i.get("release"), i.get("lang")) in shown]
    issues.sort(key=lambda i: rank.get(str(i.get("severity")).lower(), 2))
    return [
        {
            "release": i.get("release"),
            "lang": i.get("lang"),
            "segment_id": i.get("segment_id"),
            "severity": i.get("severity"),
            "check": i.get("check_id"),
            "message": i.get("message"),
        }
        for i in issues[:limit]
    ]


def _issues_section(store, report: StatusReport, limit: int) -> str:
    parts = ['<section id="issues"><h2>Open issues</h2>']
    stuck = [
        r
        for r in report.rows
        if not r.finished and (r.by_state["rejected"] or r.by_state["needs_work"] or r.qa_critical)
    ]
    if stuck:
        parts.append(
            '<div class="scroll"><table><thead><tr><th>Release</th><th>Lang</th>'
            '<th class="num">Rejected</th><th class="num">Needs work</th>'
            '<th class="num">QA critical</th></tr></thead><tbody>'
        )
        for r in stuck:
            qa = r.qa_critical or 0
            parts.append(
                f"<tr><td>{_e(r.release)}</td><td{_lang_attrs(r.lang)}>{_e(r.lang)}</td>"
                f'<td class="num">{r.by_state["rejected"]}</td>'
                f'<td class="num">{r.by_state["needs_work"]}</td>'
                f'<td class="num">'
                + (f'<span class="badge crit">{qa}</span>' if qa else "0")
                + "</td></tr>"
            )
        parts.append("</tbody></table></div>")
    else:
        parts.append('<p class="muted">No rejected or needs-work segments.</p>')
    issues = _qa_issue_list(store, report, limit)
    if issues is None:
        parts.append('<p class="muted">QA checks are not available in this workspace.</p>')
    elif not issues:
        parts.append('<p class="muted">No open QA issues.</p>')
    else:
        parts.append(
            '<h3>QA issues</h3><div class="scroll"><table><thead><tr><th>Severity</th>'
            "<th>Check</th><th>Release</th><th>Lang</th>"
            '<th class="num">Segment</th><th>Message</th></tr></thead><tbody>'
        )
        for i in issues:
            crit = " crit" if str(i["severity"]).lower() == "critical" else ""
            parts.append(
                f'<tr><td><span class="badge{crit}">{_e(i["severity"])}</span></td>'
                f"<td>{_e(i['check'])}</td><td>{_e(i['release'])}</td><td>{_e(i['lang'])}</td>"
                f'<td class="num">{_e(i["segment_id"])}</td>'
                f'<td class="text">{_e(i["message"])}</td></tr>'
            )
        parts.append("</tbody></table></div>")
    parts.append("</section>")
    return "\n".join(parts)


def render_report(
    store,
    *,
    release: str | list[str] | None = None,
    lang: str | list[str] | None = None,
    finished_state: int = APPROVED,
    activity_limit: int = 50,
    issue_limit: int = 200,
    title: str = "Translation status",
    now: str | None = None,
) -> str:
    """The report as one HTML document (a str)."""
    report = workspace_status(store, release=release, lang=lang, finished_state=finished_state)
    release_ids = None
    if release:
        slugs = [release] if isinstance(release, str) else list(release)
        release_ids = [store.require_release(s)["id"] for s in slugs]
    langs = sorted({r.lang for r in report.rows}) if lang else None
    activity = store.recent_activity(activity_limit, release_ids, langs)
    generated = (now or utcnow())[:19].replace("T", " ")
    finished = sum(1 for r in report.rows if r.finished)
    releases = len({r.release for r in report.rows})
    summary = (
        '<ul class="summary">'
        f"<li><b>{releases}</b> release{'s' if releases != 1 else ''}</li>"
        f"<li><b>{len({r.lang for r in report.rows})}</b> languages</li>"
        f"<li><b>{finished}</b> of {len(report.rows)} finished</li>"
        f"<li><b>{report.total.percent_approved:g}%</b> of segments approved</li>"
        f"<li><b>{report.total.words}</b> source words</li>"
        "</ul>"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en" dir="ltr">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="l10n ' + _e(__version__) + '">',
            f"<title>{_e(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            f'<header><h1>{_e(title)}</h1><p class="meta">Generated {_e(generated)} UTC by l10n '
            f"{_e(__version__)}</p>{summary}</header>",
            "<main>",
            _progress_section(report),
            _status_table(report),
            _activity_section(activity),
            _issues_section(store, report, issue_limit),
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_report(store, path: str | os.PathLike, **options) -> Path:
    """Render the report and write it atomically to ``path``; returns the path."""
    path = Path(path)
    if path.is_dir():
        path = path / "report.html"
    write_atomically(path, render_report(store, **options).encode("utf-8"))
    return path
