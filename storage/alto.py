"""ALTO XML (the layout-and-text format archives exchange): read its lines and words, and apply a corrected text.

Why ALTO is the stored form of a page's text: it keeps every word's box and confidence, which is what the
invisible text layer of the PDF/A needs (selection must land on the words) and what the review panel shows. An
operator's correction is plain text; ``apply_correction`` aligns it word by word with the recognised words
(difflib on the token sequences) so each corrected word keeps the box of the word it replaces, and the PDF can be
rebuilt from the corrected text with the words still in place. Pure file-format code: no Tesseract here.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

CORRECTED_WC = "1.00"  # a word the operator typed is certain


@dataclass(frozen=True)
class AltoWord:
    text: str
    hpos: float
    vpos: float
    width: float
    height: float
    wc: float | None  # word confidence 0–1 as ALTO writes it; None when absent


@dataclass
class AltoLine:
    hpos: float
    vpos: float
    width: float
    height: float
    words: list[AltoWord] = field(default_factory=list)
    block: str = ""


@dataclass
class AltoPage:
    width: float
    height: float
    lines: list[AltoLine]

    @property
    def words(self) -> list[AltoWord]:
        return [w for line in self.lines for w in line.words]

    def text(self) -> str:
        """Lines joined by newlines, a blank line between blocks (the way Tesseract's text output reads)."""
        out: list[str] = []
        block = None
        for line in self.lines:
            if block is not None and line.block != block:
                out.append("")
            block = line.block
            out.append(" ".join(w.text for w in line.words))
        return "\n".join(out).strip() + "\n" if out else ""


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _num(el: etree._Element, name: str) -> float:
    try:
        return float(el.get(name, "0"))
    except ValueError:
        return 0.0


def _parse(xml: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(xml, parser)


def read(xml: bytes) -> AltoPage:
    """The first page of an ALTO document (pixels, as Tesseract writes it), its lines and words in order."""
    root = _parse(xml)
    page_el = next((el for el in root.iter() if _local(el.tag) == "Page"), None)
    if page_el is None:
        return AltoPage(0, 0, [])
    lines: list[AltoLine] = []
    for block in (el for el in page_el.iter() if _local(el.tag) == "TextBlock"):
        for line_el in (el for el in block if _local(el.tag) == "TextLine"):
            line = AltoLine(_num(line_el, "HPOS"), _num(line_el, "VPOS"), _num(line_el, "WIDTH"),
                            _num(line_el, "HEIGHT"), block=block.get("ID", ""))
            for s in (el for el in line_el if _local(el.tag) == "String"):
                text = unicodedata.normalize("NFC", s.get("CONTENT", ""))
                if not text.strip():
                    continue
                wc = s.get("WC")
                line.words.append(AltoWord(text, _num(s, "HPOS"), _num(s, "VPOS"), _num(s, "WIDTH"),
                                           _num(s, "HEIGHT"), float(wc) if wc else None))
            if line.words:
                lines.append(line)
    return AltoPage(_num(page_el, "WIDTH"), _num(page_el, "HEIGHT"), lines)


def _strings(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if _local(el.tag) == "String" and el.get("CONTENT", "").strip()]


def _drop(el: etree._Element) -> None:
    """Remove a String and the space element that follows it."""
    parent = el.getparent()
    nxt = el.getnext()
    if nxt is not None and _local(nxt.tag) == "SP":
        parent.remove(nxt)
    parent.remove(el)


def _groups(tokens: list[str], boxes: int) -> list[list[str]]:
    """Split ``tokens`` into ``boxes`` consecutive groups as evenly as possible (earlier groups larger)."""
    size, extra = divmod(len(tokens), boxes)
    out, start = [], 0
    for i in range(boxes):
        end = start + size + (1 if i < extra else 0)
        out.append(tokens[start:end])
        start = end
    return out


def apply_correction(xml: bytes, corrected_text: str) -> bytes:
    """A copy of the ALTO document whose words read ``corrected_text``, each keeping the box of the recognised
    word it replaces. Unchanged words keep their confidence; changed words get ``WC=1.00``. Words inserted
    between recognised ones join their neighbour's box; deleted words are removed with their space."""
    root = _parse(xml)
    strings = _strings(root)
    old = [unicodedata.normalize("NFC", s.get("CONTENT", "")) for s in strings]
    new = unicodedata.normalize("NFC", corrected_text).split()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed: list[etree._Element] = []
    pending: list[str] = []  # inserted tokens waiting for the next recognised word (insertion before word 0)

    def set_text(el: etree._Element, tokens: list[str]) -> None:
        el.set("CONTENT", " ".join(tokens))
        el.set("WC", CORRECTED_WC)

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            if pending:
                set_text(strings[i1], pending + [old[i1]])
                pending = []
            continue
        if op == "delete":
            removed += strings[i1:i2]
            continue
        tokens = new[j1:j2]
        if op == "insert":
            if i1 > 0:
                prev = strings[i1 - 1]
                if prev in removed:
                    removed.remove(prev)
                set_text(prev, prev.get("CONTENT", "").split() + tokens)
            else:
                pending += tokens
            continue
        boxes = strings[i1:i2]  # replace
        if pending:
            tokens, pending = pending + tokens, []
        if len(tokens) >= len(boxes):
            for el, group in zip(boxes, _groups(tokens, len(boxes)), strict=True):
                set_text(el, group)
        else:
            for el, token in zip(boxes, tokens, strict=False):
                set_text(el, [token])
            removed += boxes[len(tokens):]
    if pending and strings:  # inserted before words that were all deleted: the first box carries them
        if strings[0] in removed:
            removed.remove(strings[0])
        set_text(strings[0], pending)
    for el in removed:
        _drop(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
