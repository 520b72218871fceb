#!/usr/bin/env bash
# Smoke test of the built bundle (make bundle): the frozen program used as an operator's script would use it,
# offscreen, in a throw-away home. It checks what only a bundle can get wrong: resources found through
# sys._MEIPASS, the spawned scanning child and cleanup/OCR pools of a frozen executable, the system's SANE and
# Tesseract reached from inside the bundle, UTF-8 output under LANG=C, and the real window opening.
set -euo pipefail
BIN=${1:-dist/saoluu/saoluu}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen SAOLUU_SANE_DEMO_ONLY=1 SAOLUU_HOME="$work/home" SAOLUU_LANG=en OMP_THREAD_LIMIT=1
step() { printf '  %-38s' "$1"; }

step "--version (LANG=C)"
out=$(LANG=C LC_ALL=C "$BIN" --version)
[ "$out" = "SaoLưu $VERSION" ] || { echo "got: $out"; exit 1; }
echo "$out"
step "check (Tesseract, SANE)"
"$BIN" check >"$work/check.txt" || { cat "$work/check.txt"; exit 1; }
tail -1 "$work/check.txt"
step "init"
"$BIN" init --station-name "Trạm thử đóng gói" >/dev/null && echo ok
step "gui --quit-after 2000 (offscreen)"
"$BIN" gui --quit-after 2000 2>/dev/null | tail -1
if command -v xvfb-run >/dev/null; then  # the xcb platform plugin and its bundled libraries, on a real X server
  step "gui --quit-after 2000 (Xvfb, xcb)"
  env -u QT_QPA_PLATFORM xvfb-run -a "$BIN" gui --quit-after 2000 2>/dev/null | tail -1
fi
step "scan 1 page (demo scanner)"
"$BIN" fonds add P01 "Phông thử" >/dev/null
"$BIN" dossier add --fonds P01 --code P01.2001.01 --title "Hồ sơ thử đóng gói" --set paperFileCode=A.1.1 >/dev/null
"$BIN" scan --dossier P01.2001.01 --pages 1 --resolution 150 --json >"$work/scan.json"
grep -q '"sha256"' "$work/scan.json" && echo ok
step "ocr (system Tesseract)"
"$BIN" --lang vi ocr --dossier P01.2001.01 >/dev/null && echo ok
step "pdf (fonts, ICC profile)"
mkdir -p "$work/out"
"$BIN" pdf --dossier P01.2001.01 --out "$work/out" >/dev/null
ls "$work/out"/P01.2001.01.1.pdf >/dev/null && echo "$(stat -c %s "$work/out"/P01.2001.01.1.pdf) bytes"
step "log verify"
"$BIN" log verify >/dev/null && echo ok
echo "bundle smoke test passed: $BIN"
