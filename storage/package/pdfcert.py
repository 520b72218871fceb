"""The station's certificate for PAdES signatures on access-copy PDFs, made on first use.

The station's identity key is Ed25519 (it signs bags). PDFs get their own ECDSA P-256 key in a self-signed
X.509 certificate: pyHanko signs and validates ECDSA everywhere, while Ed25519 in CMS/PAdES is poorly supported
by PDF readers. The certificate travels in every bag (``station-certificate.pem``, listed in the tag manifest,
so the station's Ed25519 signature vouches for it) and is the trust root the centre checks the PDFs against.
An agency certificate from a CA (``saoluu pdf --sign CERT.p12``) can replace it later.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

P12_NAME = "pdf-signing.p12"
CERT_NAME = "pdf-signing.pem"
VALID_YEARS = 30


def ensure(keys_dir: Path, station_name: str, station_id: str) -> tuple[Path, Path]:
    """``(p12, certificate pem)`` in ``keys_dir``, created once (mode 0600, no passphrase: same protection as
    the station key beside it)."""
    keys_dir = Path(keys_dir)
    p12, pem = keys_dir / P12_NAME, keys_dir / CERT_NAME
    if p12.is_file() and pem.is_file():
        return p12, pem
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, station_name or station_id),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, station_name or station_id),
                      x509.NameAttribute(NameOID.SERIAL_NUMBER, station_id)])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"saoluu-pdf", key, cert, None,
                                                  serialization.NoEncryption())
    tmp = p12.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    os.replace(tmp, p12)
    return p12, pem
