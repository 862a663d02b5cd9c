"""One safe way to read XML (XLIFF, TMX, TBX): never fetch, never explode.

Real TMX and TBX files start with a DOCTYPE that names an external DTD
(``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``); that is read without fetching the DTD.
An entity that would pull in a file or a URL (``<!ENTITY x SYSTEM "file:///...">``)
is refused with a clear error, and so is an internal entity whose expansion grows
past a small limit (the "billion laughs" bomb) or refers to itself.

How: the document is parsed once with no entity substitution, no DTD loading and
no network, so nothing is fetched or expanded; the internal subset's entity
declarations are then checked, and only when they are all harmless internal
entities is the document parsed again with internal entities substituted.
"""

from __future__ import annotations

import re

from lxml import etree

from l10n.errors import InputError

# Largest expansion of one internal entity, in characters.
MAX_ENTITY_EXPANSION = 100_000
_ENTITY_REF = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_EXTERNAL_DECL = re.compile(
    rb"<!ENTITY\s+(%\s*)?([^\s>]+)\s+(?:SYSTEM|PUBLIC(?:\s+(?:\"[^\"]*\"|'[^']*'))?)"
    rb"\s*(\"[^\"]*\"|'[^']*')?",
    re.I,
)

__all__ = ["MAX_ENTITY_EXPANSION", "parse_xml", "safe_parser"]


def safe_parser(*, substitute_internal_entities: bool = False) -> etree.XMLParser:
    """An lxml parser that never loads a DTD, never uses the network and never
    substitutes external entities (internal ones only when asked)."""
    return etree.XMLParser(
        resolve_entities="internal" if substitute_internal_entities else False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        attribute_defaults=False,
        remove_comments=False,
        remove_pis=False,
    )


def _refuse(name: str, what: str) -> InputError:
    return InputError(
        f"{name}: {what}",
        "Remove the <!ENTITY> declaration from the file's DOCTYPE; l10n never reads files or "
        "URLs named inside XML and never expands entity bombs",
    )


def _expansion_sizes(name: str, entities: dict[str, str]) -> None:
    sizes: dict[str, int] = {}
    visiting: set[str] = set()

    def size(ent: str) -> int:
        if ent in sizes:
            return sizes[ent]
        if ent in visiting:
            raise _refuse(name, f"entity '{ent}' refers to itself")
        visiting.add(ent)
        content = entities[ent]
        total = len(_ENTITY_REF.sub("", content))
        for ref in _ENTITY_REF.findall(content):
            if ref in entities:
                total += size(ref)
            if total > MAX_ENTITY_EXPANSION:
                raise _refuse(
                    name,
                    f"entity '{ent}' expands to more than {MAX_ENTITY_EXPANSION:,} characters "
                    "(an entity expansion bomb)",
                )
        visiting.discard(ent)
        sizes[ent] = total
        return total

    for ent in entities:
        size(ent)


def parse_xml(data: bytes, *, name: str = "the file") -> etree._ElementTree:
    """Parse XML bytes safely; InputError (naming ``name``) on any problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    external = _EXTERNAL_DECL.search(data)
    if external:
        kind = "parameter entity" if external.group(1) else "entity"
        ent = external.group(2).decode("utf-8", "replace")
        where = (external.group(3) or b"").strip(b"\"'").decode("utf-8", "replace")
        raise _refuse(
            name,
            f"refused {kind} '{ent}' that would read "
            + (where if where else "an external file or URL"),
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        if (
            "amplification" in str(exc.msg)
            or "entity" in str(exc.msg).lower()
            and "loop" in str(exc.msg)
        ):
            raise _refuse(name, "refused an entity expansion bomb") from exc
        line = exc.lineno or (exc.position[0] if exc.position else None)
        where = f": line {line}:" if line else ""
        raise InputError(
            f"{name}{where} not well-formed XML ({exc.msg})",
            "Check the file was saved completely by the tool that wrote it",
        ) from exc
    dtd = tree.docinfo.internalDTD
    entities: dict[str, str] = {}
    if dtd is not None:
        for decl in dtd.iterentities():
            if decl.system_url:
                raise _refuse(
                    name,
                    f"refused entity '{decl.name}' that would read {decl.system_url}",
                )
            entities[decl.name] = decl.content or ""
    if not entities:
        return tree
    _expansion_sizes(name, entities)
    try:
        return etree.ElementTree(
            etree.fromstring(data, safe_parser(substitute_internal_entities=True))
        )
    except etree.XMLSyntaxError as exc:  # pragma: no cover - parsed once already
        raise InputError(f"{name} is not well-formed XML ({exc.msg})", "Check the file") from exc
