"""Who is at the station and what their role lets them do.

Single-user mode: while the station has no active account, nobody signs in and every action is allowed;
the name recorded is the session's operator (``--operator``, settings, or the system user). Once the first
account exists (it must be an administrator, so the station can never lock its own accounts away), each
role-bound action needs a signed-in account whose role allows it (decision 0022).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage import accounts as store

from .context import Session
from .errors import WorkflowError

ROLES = store.ROLES
PERMISSIONS: dict[str, frozenset[str]] = {
    "approve": frozenset({"checker", "administrator"}),
    "reject": frozenset({"checker", "administrator"}),
    "delete": frozenset({"administrator"}),
    "export_classified": frozenset({"administrator"}),
    "manage_accounts": frozenset({"administrator"}),
}


@dataclass(frozen=True)
class Actor:
    """The person acting: ``role`` is None in single-user mode (no accounts on this station)."""

    name: str
    role: str | None = None


def single_user(session: Session) -> bool:
    return store.active_count(session.catalogue) == 0


def sign_in(session: Session, name: str, pin: str) -> Actor:
    """Check the PIN and make this account the author of everything the session records from now on."""
    row = store.verify(session.catalogue, name, pin)
    if row is None:
        raise WorkflowError("account.bad_login", name=name)
    session.catalogue.agent = replace(session.catalogue.agent, operator=row["name"])
    return Actor(row["name"], row["role"])


def resolve(session: Session, actor: Actor | None) -> Actor:
    """The actor for a role-bound action: the one given, or the session's operator in single-user mode."""
    if actor is not None:
        return actor
    if single_user(session):
        return Actor(session.catalogue.agent.operator)
    raise WorkflowError("account.login_required")


def allowed(session: Session, actor: Actor | None, permission: str) -> bool:
    """Whether ``actor`` may do ``permission`` (for greying out a button; ``require`` is the check)."""
    if actor is None:
        return single_user(session)
    return actor.role is None or actor.role in PERMISSIONS[permission]


def require(session: Session, actor: Actor | None, permission: str) -> Actor:
    """The actor, or a ``WorkflowError`` naming the action and the roles that may do it."""
    who = resolve(session, actor)
    if who.role is not None and who.role not in PERMISSIONS[permission]:
        raise WorkflowError(f"account.not_allowed.{permission}", name=who.name, role=who.role)
    if who.role is None and not single_user(session):  # a role-less actor only exists in single-user mode
        raise WorkflowError("account.login_required")
    return who


def add_account(session: Session, name: str, role: str, pin: str, *, full_name: str | None = None,
                actor: Actor | None = None) -> dict[str, object]:
    """Create an account. The first one must be an administrator; later ones need an administrator."""
    cat = session.catalogue
    if single_user(session):
        if role != "administrator":
            raise WorkflowError("account.first_must_be_admin")
    else:
        require(session, actor, "manage_accounts")
    with cat.write():
        row = store.add_account(cat, name, role, pin, full_name=full_name)
    return _public(row)


def list_accounts(session: Session) -> list[dict[str, object]]:
    return [_public(r) for r in store.list_accounts(session.catalogue)]


def _public(row: object) -> dict[str, object]:
    return {k: row[k] for k in ("name", "full_name", "role", "active", "created_at")}  # type: ignore[index]
