#!/usr/bin/env bash
# mypy --strict over the whole package. cli/ and compare/ install as reportgen.cli and reportgen.compare
# through a package-dir mapping that mypy cannot follow, so check a symlinked copy of the installed layout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/reportgen"
for entry in "$root"/src/reportgen/*; do
    ln -s "$entry" "$tree/reportgen/$(basename "$entry")"
done
ln -s "$root/cli" "$tree/reportgen/cli"
ln -s "$root/compare" "$tree/reportgen/compare"
cd "$tree"
"${PYTHON:-python3}" -m mypy --config-file "$root/pyproject.toml" --cache-dir "$root/.mypy_cache" -p reportgen "$@"
