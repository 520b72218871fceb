"""The station's identity: id, name and an Ed25519 signing key pair (private key file mode 0600).

Packages a station exports are signed with this key; the centre keeps the public keys it trusts.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import StorageError
from .events import now_iso


@dataclass(frozen=True)
class Station:
    station_id: str
    name: str
    created_at: str
    key_path: Path
    public_key_path: Path

    def private_key(self) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def public_key(self) -> Ed25519PublicKey:
        key = serialization.load_pem_public_key(self.public_key_path.read_bytes())
        assert isinstance(key, Ed25519PublicKey)
        return key


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def create(home: Path, name: str) -> Station:
    """Make a new identity in ``home`` (``station.json`` and ``keys/``); refuses to replace an existing key."""
    keys = home / "keys"
    keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_path, pub_path = keys / "station.key", keys / "station.pub"
    if key_path.exists():
        raise StorageError("station.key_exists", path=str(key_path))
    key = Ed25519PrivateKey.generate()
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    pub_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))
    info = {"station_id": f"station-{uuid.uuid4()}", "name": name, "created_at": now_iso()}
    tmp = home / "station.json.tmp"
    tmp.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, home / "station.json")
    return load(home)


def load(home: Path) -> Station:
    try:
        info = json.loads((home / "station.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StorageError("home.not_initialised", path=str(home)) from exc
    return Station(info["station_id"], info["name"], info["created_at"], home / "keys" / "station.key",
                   home / "keys" / "station.pub")
