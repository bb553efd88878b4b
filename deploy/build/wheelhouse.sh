#!/usr/bin/env bash
# The wheelhouse the app image installs from, built on the host: the atlas's own wheel (with
# its data) and every dependency, at the versions constraints.txt pins. The image build then
# needs no network, which also serves networks with no internet: copy the folder over.
# Usage: deploy/build/wheelhouse.sh OUT_DIR   (PYTHON: a Python 3.11 with pip)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: wheelhouse.sh OUT_DIR}
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p "$out"

# Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
tar -C "$root" --exclude=./.venv --exclude=./.git --exclude='*/__pycache__' --exclude=./static \
  --exclude='*/node_modules' \
  -c . | tar -C "$src" -x
rm -f "$out"/monoqala-*.whl
# Wheels already in the folder are reused: only what changed is fetched. A fixed date in
# the wheel: the same sources give the same bytes, and Docker reuses the installed layer.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800} \
  "$python" -m pip wheel --quiet --wheel-dir "$out" --find-links "$out" \
  -c "$root/constraints.txt" "$src" 2> >(grep -v "^WARNING: Location .* is ignored" >&2)
# Packages of which only files are used (Leaflet's build), installed without dependencies.
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$out" --find-links "$out" \
  -r "$root/requirements-assets.txt" 2> >(grep -v "^WARNING: Location .* is ignored" >&2)
echo "wheelhouse: $(ls "$out" | wc -l) wheels in $out"
