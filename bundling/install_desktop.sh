#!/usr/bin/env bash
# Put SaoLưu in the desktop's application menu (freedesktop.org): the .desktop entry and the icons, for this user
# (PREFIX=~/.local, the default) or for everyone (sudo PREFIX=/usr/local). The entry starts the bundle when it has
# been built (dist/saoluu/saoluu), else the development install (.venv/bin/saoluu).
set -euo pipefail
PREFIX=${PREFIX:-$HOME/.local}
REPO=$(cd "$(dirname "$0")/.." && pwd)
if [ -x "$REPO/dist/saoluu/saoluu" ]; then BIN="$REPO/dist/saoluu/saoluu"; else BIN="$REPO/.venv/bin/saoluu"; fi
[ -x "$BIN" ] || { echo "Build or set up SaoLưu first: make bundle (or make setup)"; exit 1; }

apps="$PREFIX/share/applications"
icons="$PREFIX/share/icons/hicolor"
mkdir -p "$apps" "$icons/scalable/apps"
for png in "$REPO"/resources/icons/saoluu-*.png; do
  size=$(basename "$png" .png); size=${size#saoluu-}
  mkdir -p "$icons/${size}x${size}/apps"
  install -m 0644 "$png" "$icons/${size}x${size}/apps/saoluu.png"
done
install -m 0644 "$REPO/resources/icons/saoluu.svg" "$icons/scalable/apps/saoluu.svg"
# The menu runs the program by its full path: ~/.local/bin is not on every session's PATH.
sed -e "s|^Exec=saoluu |Exec=\"$BIN\" |" -e "s|^TryExec=saoluu$|TryExec=$BIN|" \
  "$REPO/resources/saoluu.desktop" >"$apps/saoluu.desktop"
chmod 0644 "$apps/saoluu.desktop"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$apps/saoluu.desktop"; fi
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
echo "Installed $apps/saoluu.desktop (runs $BIN) and icons under $icons"
