"""Packaging an approved dossier: TT05 AIP_hoso (E-ARK CSIP 2.0.4) in a signed BagIt bag, checked by third-party
validators (Library of Congress bagit, OPF eark-validator, the METS/EAD/PREMIS XSDs) and by `saoluu verify`."""

from __future__ import annotations

import json
import os

import bagit
import pytest
from lxml import etree

from app.workflow import catalogue_ops, packaging
from app.workflow.errors import WorkflowError
from app.workflow.verify import trusted_from_session, verify_path
from resources import path as resource
from storage import records
from storage.fsutil import sha256_file
from storage.package import bag as bagmod
from storage.package import rows, signature
from tests.app.package_support import CODE, build, ip_of, make_station
from tests.conftest import run_saoluu
from tests.tools import eark

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    root = tmp_path_factory.mktemp("station")
    session = make_station(root)
    info = build(session)
    yield {"session": session, "info": info, "root": root}
    session.close()


def test_bag_is_complete_signed_and_valid_for_bagit(station):
    info, s = station["info"], station["session"]
    assert info.name == f"{CODE}.v1" and info.version == 1
    assert info.path == s.home / "packages" / CODE / "v1" / info.name
    bagit.Bag(str(info.path)).validate()  # full validation: completeness, Payload-Oxum, every hash
    on_disk = {p.relative_to(info.path).as_posix() for p in info.path.rglob("*") if p.is_file()}
    assert {f[0] for f in info.files} == on_disk, "PackageInfo.files lists every file of the bag"
    assert info.bytes == sum(f[2] for f in info.files) == sum((info.path / p).stat().st_size for p in on_disk)
    for rel, sha, size in info.files:
        assert sha256_file(info.path / rel) == sha and (info.path / rel).stat().st_size == size
    bag_info = bagmod.parse_info((info.path / "bag-info.txt").read_text(encoding="utf-8"))
    assert bag_info["External-Identifier"] == CODE
    assert bag_info["Source-Organization"] == "Trạm xã Bản Lầu"
    assert bag_info["Bagging-Date"][:4].isdigit() and bag_info["SaoLuu-Package-Version"] == "1"
    payload = [f for f in info.files if f[0].startswith("data/")]
    assert bag_info["Payload-Oxum"] == f"{sum(f[2] for f in payload)}.{len(payload)}"
    tags = dict(bagmod.parse_manifest((info.path / "tagmanifest-sha256.txt").read_text(), name="t"))
    assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "station-certificate.pem"} <= set(tags)
    assert signature.check(info.path, s.station.public_key())
    assert bag_info["SaoLuu-Key-Fingerprint"] == signature.fingerprint(s.station.public_key())


def test_layout_follows_tt05_with_masters_untouched(station):
    info, s = station["info"], station["session"]
    ip = ip_of(info.path)
    assert ip.name.startswith("urn_P01_uuid-")
    for rel in ("METS.xml", "metadata/descriptive/EAD.xml", "metadata/preservation/PREMIS.xml",
                "representations/rep1/METS.xml", f"representations/rep1/data/{CODE}.1.pdf",
                f"representations/rep1/data/{CODE}.2.pdf",
                f"representations/rep1/metadata/descriptive/EAD_doc_{CODE}.1.xml",
                f"representations/rep1/metadata/descriptive/EAD_doc_{CODE}.2.xml",
                "representations/rep1/metadata/preservation/PREMIS_rep1.xml",
                "representations/masters/METS.xml", "representations/ocr/METS.xml",
                "documentation/qc-report.json", "schemas/METS.xsd", "schemas/EAD.xsd"):
        assert (ip / rel).is_file(), rel
    ead = etree.parse(str(ip / "metadata/descriptive/EAD.xml")).getroot()
    assert ead.findtext("arcFileCode") == CODE and ead.findtext("title") == "Hồ sơ về công tác đê điều năm 2001"
    assert ead.findtext("paperFileCode") == "H49.K1.160" and ead.findtext("totalDoc") == "2"
    shown = json.loads(run_saoluu(s.home, "dossier", "show", CODE, "--json").stdout)
    masters = sorted((ip / "representations/masters/data").iterdir())
    expected = [p["sha256"] for d in shown["documents"] for p in d["pages"]]
    assert [sha256_file(m) for m in masters] == expected, "masters are the scanned bytes, in order"
    assert [m.name for m in masters] == [f"{CODE}.1.0001.tif", f"{CODE}.1.0002.tif", f"{CODE}.2.0001.tif"]
    vault_file = s.vault.path_for(expected[0])
    assert os.stat(masters[0]).st_ino == os.stat(vault_file).st_ino, "hard-linked from the vault, not copied"
    mets = etree.parse(str(ip / "METS.xml")).getroot()
    assert mets.find("{http://www.loc.gov/METS/}metsHdr").get(
        "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}OAISPACKAGETYPE") == "AIP"
    row = rows.by_name(s.catalogue, info.name)
    assert row["origin"] == "local" and row["tagmanifest_sha256"] == sha256_file(
        info.path / "tagmanifest-sha256.txt")
    assert records.get_dossier(s.catalogue, CODE)["state"] == "packaged"
    [event] = s.catalogue.query("SELECT detail FROM events WHERE type = 'information package creation'")
    assert json.loads(event["detail"])["package"] == info.name


def test_eark_validator_finds_no_csip_error(station):
    if eark.ensure() is None:
        pytest.skip(reason="eark-validator could not be installed into .venv-eark (no package registry)")
    report = eark.validate(ip_of(station["info"].path))
    assert report["structure"]["status"] in ("WellFormed", "Valid") and report["package"]
    assert eark.errors(report) == []
    assert report["package"]["details"]["oaispackagetype"] == "AIP"


def test_mets_ead_premis_valid_against_their_schemas(station):
    ip = ip_of(station["info"].path)
    schemas = {n: etree.XMLSchema(etree.parse(str(resource("xsd", f"{n}.xsd")))) for n in
               ("METS", "EAD", "EAD_doc", "PREMIS")}
    checked = {n: 0 for n in schemas}
    for path in sorted(ip.rglob("*.xml")):
        name = path.name
        kind = ("METS" if name == "METS.xml" else "EAD_doc" if name.startswith("EAD_doc") else
                "EAD" if name == "EAD.xml" else "PREMIS" if name.startswith("PREMIS") else None)
        if kind is None:
            continue
        schema = schemas[kind]
        assert schema.validate(etree.parse(str(path))), f"{path.name}: {schema.error_log}"
        checked[kind] += 1
    assert checked == {"METS": 4, "EAD": 1, "EAD_doc": 2, "PREMIS": 4}


def test_verify_checks_fixity_signature_and_pdf_signatures(station):
    s, info = station["session"], station["info"]
    report = verify_path(info.path, trusted=trusted_from_session(s))
    [pkg] = report.packages
    assert report.ok and pkg.signature == "valid" and pkg.pdf_signatures == 2, pkg.problems
    assert (pkg.dossier, pkg.version, pkg.station) == (CODE, 1, s.station.station_id)
    medium = verify_path(s.home / "packages", trusted=trusted_from_session(s))
    assert [p.name for p in medium.packages] == [info.name] and medium.ok
    unknown = verify_path(info.path, trusted=None)
    assert not unknown.ok and unknown.packages[0].problems[0][0] == "package.no_trusted_keys"


def test_cli_verify_with_and_without_a_home(station, tmp_path):
    s, info = station["session"], station["info"]
    res = run_saoluu(s.home, "verify", str(info.path), "--json")
    assert res.returncode == 0, res.stderr
    assert res.json()["packages"][0]["signature"] == "valid"
    nowhere = tmp_path / "no-home"
    res = run_saoluu(nowhere, "verify", str(info.path), "--json")
    assert res.returncode == 1 and "No trusted station key" in res.stderr
    assert not nowhere.exists(), "verify needs no catalogue and creates none"
    card = tmp_path / "card.json"
    assert run_saoluu(s.home, "key", "export", "--out", str(card)).returncode == 0
    res = run_saoluu(nowhere, "verify", str(info.path), "--trust-key", str(card), "--json")
    assert res.returncode == 0, res.stderr
    assert res.json()["ok"] is True


def test_unchanged_dossier_reuses_its_package_and_an_edit_makes_version_2(station):
    s, first = station["session"], station["info"]
    again = packaging.build_package(s, CODE)
    assert again.reused and again.package_id == first.package_id and again.path == first.path
    catalogue_ops.edit_dossier(s, CODE, {"title": "Hồ sơ về công tác đê điều năm 2001 (bổ sung)"})
    second = packaging.build_package(s, CODE)
    assert second.version == 2 and second.name == f"{CODE}.v2" and not second.reused
    assert {"change": "dossier field", "field": "title", "old": "Hồ sơ về công tác đê điều năm 2001",
            "new": "Hồ sơ về công tác đê điều năm 2001 (bổ sung)"} in second.changes
    cat = s.catalogue
    assert rows.by_id(cat, first.package_id)["superseded_by"] == second.package_id
    assert first.path.is_dir(), "the older version stays"
    bagit.Bag(str(second.path)).validate()
    hdr = etree.parse(str(ip_of(second.path) / "METS.xml")).getroot().find("{http://www.loc.gov/METS/}metsHdr")
    assert hdr.get("RECORDSTATUS") == "REPLACEMENT"
    contents = json.loads((second.path / "saoluu-contents.json").read_text(encoding="utf-8"))
    assert contents["changes"] == second.changes
    assert not list((s.home / "packages" / ".staging").iterdir()), "staging is left empty"


def test_only_approved_dossiers_are_packaged(station):
    s = station["session"]
    catalogue_ops.add_dossier(s, "P01", {"fileCode": "H49.64.33.2001.161", "title": "Hồ sơ chưa duyệt"})
    with pytest.raises(WorkflowError) as err:
        packaging.build_package(s, "H49.64.33.2001.161")
    assert err.value.key == "package.not_approved"
    res = run_saoluu(s.home, "package", "--dossier", "H49.64.33.2001.161")
    assert res.returncode == 1 and "only approved dossiers are packaged" in res.stderr


def test_verify_a_medium_and_an_archive(station, tmp_path):
    import shutil
    import zipfile

    s, info = station["session"], station["info"]
    medium = tmp_path / "usb"
    good = medium / CODE / "v1" / info.name
    shutil.copytree(info.path, good)
    bad = medium / "other" / info.name
    shutil.copytree(info.path, bad)
    (bad / "station-certificate.pem").chmod(0o644)
    with open(bad / "station-certificate.pem", "a") as fh:
        fh.write("\n")
    report = verify_path(medium, trusted=trusted_from_session(s))
    by_path = {p.path: p for p in report.packages}
    assert set(by_path) == {str(good), str(bad)} and not report.ok
    assert by_path[str(good)].ok
    assert [k for k, _ in by_path[str(bad)].problems] == ["package.hash_mismatch"]
    archive = tmp_path / f"{info.name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(info.path.rglob("*")):
            if p.is_file():
                zf.write(p, f"{info.name}/{p.relative_to(info.path).as_posix()}")
    zipped = verify_path(archive, trusted=trusted_from_session(s))
    assert zipped.ok and zipped.packages[0].signature == "valid"
    res = run_saoluu(s.home, "verify", str(medium))
    assert res.returncode == 1 and "FAIL" in res.stderr and "has changed" in res.stderr and "OK" in res.stdout
