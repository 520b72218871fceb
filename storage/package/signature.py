"""The station's detached Ed25519 signature of a bag's ``tagmanifest-sha256.txt``.

The tag manifest lists the hash of every tag file, and ``manifest-sha256.txt`` (one of them) the hash of every
payload file, so one signature over the tag manifest's bytes covers the whole bag. It lives at
``signature/tagmanifest-sha256.txt.sig`` (base64 of the 64 signature bytes), a folder outside the tag manifest:
BagIt validators ignore unlisted tag files, and the signature cannot list itself. Which key signed it is named
in ``bag-info.txt`` (``SaoLuu-Key-Fingerprint``), which the signature covers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import StorageError
from .bag import SIGNATURE_DIR, TAGMANIFEST

SIG_NAME = f"{TAGMANIFEST}.sig"
MAX_SIG_BYTES = 1024


def signature_path(bag: Path) -> Path:
    return Path(bag) / SIGNATURE_DIR / SIG_NAME


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: short enough to read out over the phone in parts."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_public_pem(text: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise StorageError("key.bad_public_key", reason=str(exc)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise StorageError("key.bad_public_key", reason="not an Ed25519 key")
    return key


def sign(bag: Path, private_key: Ed25519PrivateKey) -> Path:
    data = (Path(bag) / TAGMANIFEST).read_bytes()
    out = signature_path(bag)
    out.parent.mkdir(exist_ok=True)
    with open(out, "wb") as fh:
        fh.write(base64.b64encode(private_key.sign(data)) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return out


def read_signature(bag: Path) -> bytes:
    path = signature_path(bag)
    if not path.is_file() or path.is_symlink():
        raise StorageError("package.no_signature", path=str(path))
    raw = path.read_bytes()
    if len(raw) > MAX_SIG_BYTES:
        raise StorageError("package.bad_signature", path=str(path))
    try:
        sig = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise StorageError("package.bad_signature", path=str(path)) from exc
    if len(sig) != 64:
        raise StorageError("package.bad_signature", path=str(path))
    return sig


def check(bag: Path, public_key: Ed25519PublicKey) -> bool:
    """True when the signature file matches the tag manifest's bytes under ``public_key``."""
    sig = read_signature(bag)
    try:
        public_key.verify(sig, (Path(bag) / TAGMANIFEST).read_bytes())
    except InvalidSignature:
        return False
    return True
