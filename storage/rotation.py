"""A page's manual rotation: the operator turns a page the automatic orientation got wrong (or could not
decide). It is a setting of the page, applied to the master before the cleanup recipe, recorded as an event;
the master is never changed. Angles are degrees counter-clockwise as displayed (DESIGN.md §6)."""

from __future__ import annotations

from .db import Catalogue
from .errors import Conflict, NotFound

ANGLES = (0, 90, 180, 270)


def rotation_of(cat: Catalogue, page_id: int) -> int:
    row = cat.one("SELECT rotation FROM pages WHERE id = ?", (page_id,))
    if row is None:
        raise NotFound("page.not_found", page=page_id)
    return int(row[0])


def turn(cat: Catalogue, page_id: int, degrees: int) -> int:
    """Turn the page by ``degrees`` (a multiple of 90, inside ``write()``); returns its new rotation."""
    if degrees % 90:
        raise Conflict("page.bad_rotation", degrees=degrees)
    new = (rotation_of(cat, page_id) + degrees) % 360
    cat.conn.execute("UPDATE pages SET rotation = ? WHERE id = ?", (new, page_id))
    cat.event("metadata modification", "page", str(page_id), detail={"rotation": new, "turned": degrees})
    return new
