"""Centre ingest: accepted packages (folder, .zip, .tar.gz; idempotent; newer versions supersede) and every
rejection rule tried with a hand-made malicious package. A rejected package writes nothing outside staging."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.workflow import catalogue_ops, ingest, packaging, station_keys
from app.workflow.context import init_home
from storage import records
from storage.errors import StorageError
from storage.package import inspect, signature
from tests.app.package_support import CODE, copy_bag, info, ip_of, make_station, refresh_mets, reseal
from tests.conftest import run_saoluu

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    root = tmp_path_factory.mktemp("station")
    session = make_station(root)
    built = packaging.build_package(session, CODE)
    card = root / "card.json"
    card.write_text(json.dumps(station_keys.export_card(session)), encoding="utf-8")
    yield {"session": session, "bag": built.path, "card": card, "root": root,
           "key": session.station.private_key()}
    session.close()


@pytest.fixture
def centre(tmp_path, station):
    s = init_home(tmp_path / "centre", station_name="Trung tâm Lưu trữ tỉnh", operator="luu")
    station_keys.trust(s, station["card"])
    yield s
    s.close()


def _nothing_written(centre) -> None:
    cat = centre.catalogue
    assert cat.one("SELECT count(*) FROM packages")[0] == 0
    assert cat.one("SELECT count(*) FROM dossiers")[0] == 0
    root = centre.home / "packages"
    assert [p.name for p in root.iterdir()] == [".staging"] if root.exists() else True
    if (root / ".staging").exists():
        assert list((root / ".staging").iterdir()) == [], "staging is emptied after a rejection"


def _rejected(centre, source: Path, key: str, **limits):
    [result] = ingest.ingest_paths(centre, [source], limits=ingest.Limits(**limits)).results
    assert result.status == "rejected", result
    assert key in [k for k, _ in result.problems], result.problems
    _nothing_written(centre)
    return result


# -- accepted -------------------------------------------------------------------------------------------------

def test_folder_is_ingested_once_and_again_changes_nothing(station, centre):
    [result] = ingest.ingest_paths(centre, [station["bag"]]).results
    assert result.status == "ingested" and result.name == f"{CODE}.v1", result.problems
    assert result.station == station["session"].station.station_id
    cat = centre.catalogue
    row = cat.one("SELECT * FROM packages WHERE id = ?", (result.package_id,))
    assert row["origin"] == "ingested" and row["station_id"] == result.station
    kept = Path(row["path"])
    assert kept == centre.home / "packages" / CODE / "v1" / f"{CODE}.v1"
    bagit.Bag(str(kept)).validate()
    dossier = records.get_dossier(cat, CODE)
    assert dossier["title"] == "Hồ sơ về công tác đê điều năm 2001" and dossier["state"] == "packaged"
    assert dossier["paperFileCode"] == "H49.K1.160"
    events = cat.event_count()
    [again] = ingest.ingest_paths(centre, [station["bag"]]).results
    assert again.status == "unchanged" and again.package_id == result.package_id
    assert cat.event_count() == events and cat.one("SELECT count(*) FROM packages")[0] == 1
    assert cat.verify_log() == []


def test_zip_and_tar_are_read_like_folders(station, centre, tmp_path):
    bag = station["bag"]
    archive = tmp_path / f"{bag.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(bag.rglob("*")):
            if p.is_file():
                zf.write(p, f"{bag.name}/{p.relative_to(bag).as_posix()}")
    tgz = tmp_path / f"{bag.name}.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        tf.add(bag, arcname=bag.name)
    first, second = ingest.ingest_paths(centre, [archive, tgz]).results
    assert (first.status, second.status) == ("ingested", "unchanged"), (first.problems, second.problems)


def test_newer_version_supersedes_and_keeps_history(station, centre):
    s = station["session"]
    catalogue_ops.edit_dossier(s, CODE, {"keyword": "đê điều; lũ lụt"})
    v2 = packaging.build_package(s, CODE)
    assert v2.version == 2
    r1, r2 = ingest.ingest_paths(centre, [station["bag"], v2.path]).results
    assert (r1.status, r2.status) == ("ingested", "ingested")
    assert r2.superseded == r1.package_id
    cat = centre.catalogue
    old = cat.one("SELECT * FROM packages WHERE id = ?", (r1.package_id,))
    assert old["superseded_by"] == r2.package_id and Path(old["path"]).is_dir()
    assert records.get_dossier(cat, CODE)["keyword"] == "đê điều; lũ lụt"
    new = cat.one("SELECT changes FROM packages WHERE id = ?", (r2.package_id,))
    assert {"change": "dossier field", "field": "keyword", "old": None, "new": "đê điều; lũ lụt"} in \
        json.loads(new["changes"])


def test_cli_ingest_and_station_keys(station, tmp_path):
    home = tmp_path / "centre"
    assert run_saoluu(home, "init", "--station-name", "Trung tâm").returncode == 0
    res = run_saoluu(home, "ingest", str(station["bag"]), "--json")
    assert res.returncode == 1 and res.json()["results"][0]["problems"][0]["key"] == "package.untrusted_key"
    assert "is not trusted" in res.stderr
    res = run_saoluu(home, "key", "trust", str(station["card"]), "--json")
    assert res.returncode == 0 and res.json()["added"] is True
    listed = run_saoluu(home, "key", "list", "--json").json()["keys"]
    fp = station["session"] and json.loads(station["card"].read_text())["fingerprint"]
    assert [k["fingerprint"] for k in listed] == [fp]
    res = run_saoluu(home, "ingest", str(station["bag"]), "--json")
    assert res.returncode == 0, res.stderr
    assert res.json()["ingested"] == 1
    assert run_saoluu(home, "key", "revoke", fp[:12]).returncode == 0
    assert run_saoluu(home, "key", "list", "--json").json()["keys"][0]["revoked_at"]
    res = run_saoluu(home, "verify", str(station["bag"]), "--json")
    assert res.returncode == 1 and res.json()["packages"][0]["problems"][0]["key"] == "package.revoked_key"


# -- rejected: one hand-made malicious package per rule ------------------------------------------------------------

def _tamper_manifest(bag: Path, key, line: str) -> None:
    with open(bag / "manifest-sha256.txt", "a", encoding="utf-8") as fh:
        fh.write(line)
    reseal(bag, key, payload=False)


def test_rejects_dotdot_path_in_manifest(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    _tamper_manifest(bag, station["key"], f"{'0' * 64}  data/../../outside.txt\n")
    _rejected(centre, bag, "package.unsafe_path")


def test_rejects_absolute_path_in_manifest(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    _tamper_manifest(bag, station["key"], f"{'0' * 64}  /etc/passwd\n")
    _rejected(centre, bag, "package.unsafe_path")


def test_rejects_zip_member_leaving_the_folder(station, centre, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bag/bagit.txt", "BagIt-Version: 1.0\n")
        zf.writestr("../../escaped.txt", "gotcha")
    _rejected(centre, archive, "package.unsafe_path")
    assert not (tmp_path / "escaped.txt").exists() and not (centre.home.parent / "escaped.txt").exists()


def test_rejects_symlink_in_folder(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    os.symlink("/etc/passwd", ip_of(bag) / "documentation" / "passwd")
    _rejected(centre, bag, "package.symlink")


def test_rejects_symlink_in_tar(station, centre, tmp_path):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tf:
        tf.add(station["bag"], arcname="bag")
        link = tarfile.TarInfo("bag/data/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    _rejected(centre, archive, "package.symlink")


def test_rejects_device_and_fifo_files(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    os.mkfifo(bag / "data" / "pipe")
    _rejected(centre, bag, "package.special_file")
    archive = tmp_path / "dev.tar"
    with tarfile.open(archive, "w") as tf:
        tf.add(station["bag"], arcname="bag")
        dev = tarfile.TarInfo("bag/data/zero")
        dev.type, dev.devmajor, dev.devminor = tarfile.CHRTYPE, 1, 5
        tf.addfile(dev)
    _rejected(centre, archive, "package.special_file")


def test_rejects_file_not_in_manifest(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    (ip_of(bag) / "documentation" / "extra.txt").write_text("not listed")
    _rejected(centre, bag, "package.unlisted_file")


def test_rejects_missing_file(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    (ip_of(bag) / "documentation" / "qc-report.json").unlink()
    _rejected(centre, bag, "package.missing_file")


def test_rejects_hash_mismatch(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    [tif] = [p for p in (ip_of(bag) / "representations" / "masters" / "data").iterdir()][:1]
    data = bytearray(tif.read_bytes())
    data[-1] ^= 0xFF
    tif.write_bytes(bytes(data))
    result = _rejected(centre, bag, "package.hash_mismatch")
    assert any(p["path"].endswith(tif.name) for k, p in result.problems if k == "package.hash_mismatch")


def test_rejects_unknown_key(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    other = Ed25519PrivateKey.generate()
    text = (bag / "bag-info.txt").read_text(encoding="utf-8")
    fp = info(bag)["SaoLuu-Key-Fingerprint"]
    (bag / "bag-info.txt").write_text(text.replace(fp, signature.fingerprint(other.public_key())), encoding="utf-8")
    reseal(bag, other, payload=False)
    _rejected(centre, bag, "package.untrusted_key")


def test_rejects_forged_signature(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    signature.signature_path(bag).write_bytes(base64.b64encode(os.urandom(64)) + b"\n")
    _rejected(centre, bag, "package.bad_signature")


def test_rejects_content_changed_after_signing(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    ead = ip_of(bag) / "metadata" / "descriptive" / "EAD.xml"
    ead.write_text(ead.read_text(encoding="utf-8").replace("đê điều", "thủy lợi"), encoding="utf-8")
    sig = signature.signature_path(bag).read_bytes()
    reseal(bag, station["key"])           # manifests made consistent again ...
    signature.signature_path(bag).write_bytes(sig)  # ... but the station's signature is the old one
    _rejected(centre, bag, "package.bad_signature")


def test_rejects_missing_signature(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    shutil.rmtree(bag / "signature")
    _rejected(centre, bag, "package.no_signature")


def test_rejects_revoked_key(station, centre):
    station_keys.revoke(centre, json.loads(station["card"].read_text())["fingerprint"])
    _rejected(centre, station["bag"], "package.revoked_key")


def test_rejects_station_claiming_another_identity(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    text = (bag / "bag-info.txt").read_text(encoding="utf-8")
    sid = info(bag)["SaoLuu-Station-Id"]
    (bag / "bag-info.txt").write_text(text.replace(sid, "station-someone-else"), encoding="utf-8")
    reseal(bag, station["key"], payload=False)
    _rejected(centre, bag, "package.station_mismatch")


def test_rejects_dossier_code_that_would_leave_the_packages_folder(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    text = (bag / "bag-info.txt").read_text(encoding="utf-8")
    (bag / "bag-info.txt").write_text(text.replace(f"External-Identifier: {CODE}", "External-Identifier: .."),
                                      encoding="utf-8")
    reseal(bag, station["key"], payload=False)
    _rejected(centre, bag, "package.bad_bag_info")
    assert not (centre.home / "v1").exists()


def test_rejects_xml_with_external_entity(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    ead = ip_of(bag) / "metadata" / "descriptive" / "EAD.xml"
    ead.write_text('<?xml version="1.0"?>\n<!DOCTYPE simpledc [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
                   f"<simpledc><arcFileCode>{CODE}</arcFileCode><title>&x;</title></simpledc>\n", encoding="utf-8")
    reseal(bag, station["key"])  # signed by the real station: only the XML rule can stop it
    _rejected(centre, bag, "package.xml_doctype")


def test_rejects_malformed_xml(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    mets = ip_of(bag) / "METS.xml"
    mets.write_bytes(mets.read_bytes()[:400])
    reseal(bag, station["key"])
    _rejected(centre, bag, "package.xml_malformed")


def test_rejects_pdf_whose_signature_no_longer_verifies(station, centre, tmp_path):
    bag = copy_bag(station["bag"], tmp_path)
    [pdf] = sorted((ip_of(bag) / "representations" / "rep1" / "data").glob("*.1.pdf"))
    data = bytearray(pdf.read_bytes())
    at = data.index(b"stream", data.index(b"stream") + 10) + 200  # inside a compressed stream, signed range
    data[at] ^= 0x01
    pdf.write_bytes(bytes(data))
    refresh_mets(ip_of(bag))
    reseal(bag, station["key"])  # the bag, its METS and its signature are fine; the PAdES signature is not
    _rejected(centre, bag, "package.pdf_signature_invalid")


def test_rejects_zip_bomb(station, centre, tmp_path):
    zeros = b"\0" * (80 * 1024 * 1024)  # 80 MB that deflate to ~80 kB: refused before a byte is unpacked
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bag/bagit.txt", "BagIt-Version: 1.0\n")
        zf.writestr("bag/data/zeros.bin", zeros)
    _rejected(centre, archive, "package.zip_bomb")
    tgz = tmp_path / "bomb.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        member = tarfile.TarInfo("bag/data/zeros.bin")
        member.size = len(zeros)
        tf.addfile(member, io.BytesIO(zeros))
    _rejected(centre, tgz, "package.zip_bomb")


def test_rejects_folder_that_is_not_a_bag(centre, tmp_path):
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    _rejected(centre, folder, "package.not_a_bag")


def test_rejects_oversized_folder_and_archive(station, centre, tmp_path):
    size = sum(p.stat().st_size for p in station["bag"].rglob("*") if p.is_file())
    _rejected(centre, station["bag"], "package.too_large", max_bytes=size - 1)
    archive = tmp_path / "many.tar"
    with tarfile.open(archive, "w") as tf:
        tf.add(station["bag"], arcname="bag")
    files = sum(1 for p in station["bag"].rglob("*") if p.is_file())
    _rejected(centre, archive, "package.too_many_files", max_files=files - 1)


def test_size_limits_stop_copy_and_unpacking(tmp_path):
    src = tmp_path / "big"
    src.mkdir()
    (src / "a.bin").write_bytes(b"x" * 5000)
    with pytest.raises(StorageError) as err:
        inspect.copy_tree(src, tmp_path / "copy", max_bytes=4096)
    assert err.value.key == "package.too_large"
    archive = tmp_path / "big.tar"
    with tarfile.open(archive, "w") as tf:
        for i in range(3):
            ti = tarfile.TarInfo(f"bag/f{i}")
            ti.size = 10
            tf.addfile(ti, io.BytesIO(b"0123456789"))
    with pytest.raises(StorageError) as err:
        inspect.extract_archive(archive, tmp_path / "x", max_files=2)
    assert err.value.key == "package.too_many_files"
