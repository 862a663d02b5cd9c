"""JSON export: release metadata and, per segment, id, source, target, state and origin."""

from __future__ import annotations

import json

from l10n.interchange import register_exporter
from l10n.states import state_name


@register_exporter("json")
def export_json(store, release: dict, lang: str, *, min_state: int, options: dict) -> bytes:
    rows = store.segment_rows(release["id"], lang) if lang != release["source_lang"] else []
    by_id = {r["id"]: r for r in rows}
    segments = []
    for seg in store.active_segments(release["id"]):
        row = by_id.get(seg["id"])
        usable = row is not None and row["target"] is not None and row["state"] >= min_state
        segments.append(
            {
                "id": seg["id"],
                "position": seg["position"],
                "source": seg["source"],
                "target": row["target"] if row is not None and usable else None,
                "state": state_name(row["state"]) if row else None,
                "origin": row["origin"] if row else None,
                "words": seg["words"],
                "occurrences": seg["occurrences"],
            }
        )
    doc = {
        "release": release["slug"],
        "title": release["title"],
        "version": release["current_version"],
        "source_lang": release["source_lang"],
        "lang": lang,
        "format": release["format"],
        "segments": segments,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
