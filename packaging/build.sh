#!/usr/bin/env bash
# Builds the one-folder desktop bundle with PyInstaller: OUTPUT_DIR/bouquet-desk/bouquet-desk.
#   packaging/build.sh [OUTPUT_DIR]        (default: dist/ at the top of the repository)
# Needs the package and PyInstaller installed in the Python used (PYTHON, default: python3):
#   pip install -e '.[packaging]'   — and on Debian/Ubuntu, binutils (objdump) for PyInstaller.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
OUT="$(realpath -m "${1:-$REPO/dist}")"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bouquet-desk-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" "$HERE/make_icons.py" "$WORK/icons" >/dev/null
BOUQUET_DESK_ICONS="$WORK/icons" "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT" --workpath "$WORK/build" "$HERE/bouquet-desk.spec"
echo "bundle: $OUT/bouquet-desk/bouquet-desk ($(du -sh "$OUT/bouquet-desk" | cut -f1))"
