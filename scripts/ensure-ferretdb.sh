#!/usr/bin/env bash
# Installs the embedded database, FerretDB (a MongoDB-compatible server on SQLite), into .tools/bin
# when it is missing. It is built with Go from the Go module proxy; nothing prebuilt is downloaded.
# Skipped when MONGODB_URI points at another MongoDB.
set -euo pipefail
VERSION=v1.24.2
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${FERRETDB_BIN:-$root/.tools/bin/ferretdb}"

if [[ -n ${MONGODB_URI:-} && ${1:-} != --always ]]; then exit 0; fi
# Our source patches (below); a binary built without them is rebuilt.
PATCHES=sqlite-id-index-1
stamp="$bin.patches"
if [[ -x $bin ]] && "$bin" --version 2>/dev/null | grep -q "^version: $VERSION$" && [[ $(cat "$stamp" 2>/dev/null) == "$PATCHES" ]]; then exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "FerretDB is not installed and Go is not available to build it." >&2
  echo "Install Go 1.22 or later, or set MONGODB_URI to use another MongoDB." >&2
  exit 1
fi

echo "Installing FerretDB $VERSION into ${bin#"$root"/} (first run only, about a minute)..." >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# `go install pkg@version` is avoided on purpose: it also asks the proxy for the module's version
# list (to check for deprecation), which some proxies refuse; downloading the exact version does not.
dir=$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $dir ]] || { echo "Could not download FerretDB $VERSION from the Go module proxy." >&2; exit 1; }
cp -R "$dir" "$work/src"
chmod -R u+w "$work/src"
# FerretDB's own build instructions: a release build states its version in build/version/version.txt.
echo "$VERSION" > "$work/src/build/version/version.txt"
# Patch sqlite-id-index-1: FerretDB 1.24's SQLite backend looks documents up by _id with
# `_ferretdb_sjson->'$._id'`, but creates the unique _id index on `_ferretdb_sjson->"_id"`. The two
# mean the same to SQLite, yet its planner only uses an index for the same expression, so every
# find, update and delete by _id scanned the whole table (0.4 s to find one case among 20,000;
# 1 ms with the index). Write the lookup the way the index is written.
meta="$work/src/internal/backends/sqlite/metadata/metadata.go"
grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$meta" || { echo "FerretDB $VERSION source is not as expected ($meta); the _id index patch cannot be applied." >&2; exit 1; }
sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->\\\\\"_id\\\\\"\"|" "$meta"
grep -q 'IDColumn = DefaultColumn + "->\\"_id\\""' "$meta" || { echo "Patching $meta failed." >&2; exit 1; }
mkdir -p "$(dirname "$bin")"
(cd "$work/src" && go build -trimpath -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
echo "$PATCHES" > "$stamp"
echo "FerretDB $VERSION installed." >&2
