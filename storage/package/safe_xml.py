"""XML from a package someone else made: parsed without entities, DTDs or network, or refused.

A received package is hostile until proven otherwise: an external entity could read files of the centre
(XXE), an entity expansion could eat its memory ("billion laughs"). lxml's parser is told not to resolve
entities, not to load a DTD and not to touch the network, and any document carrying a DOCTYPE at all is refused:
none of our formats (METS, EAD, PREMIS, ALTO) needs one.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import StorageError

MAX_XML_BYTES = 64 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False)


def parse_bytes(data: bytes, *, name: str = "") -> etree._ElementTree:
    """Parse ``data``; raises StorageError('package.xml_malformed' | 'package.xml_doctype')."""
    if len(data) > MAX_XML_BYTES:
        raise StorageError("package.too_large", path=name, limit=MAX_XML_BYTES)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise StorageError("package.xml_malformed", path=name, reason=str(exc)) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise StorageError("package.xml_doctype", path=name)
    return tree


def parse_file(path: Path, *, name: str = "") -> etree._ElementTree:
    path = Path(path)
    if path.stat().st_size > MAX_XML_BYTES:
        raise StorageError("package.too_large", path=name or str(path), limit=MAX_XML_BYTES)
    return parse_bytes(path.read_bytes(), name=name or str(path))
