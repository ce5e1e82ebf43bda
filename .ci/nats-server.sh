# Sourced by .ci/run (bash): makes sure a nats-server 2.10+ is at hand and exports NATS_SERVER_BIN.
# Takes NATS_SERVER_BIN, else the one on PATH. When that is missing or older than 2.10, it fetches
# Debian unstable's nats-server package alone — unstable is never added to the machine's sources:
# the machine's Debian entry is copied to a temporary sources list with the suite set to unstable,
# apt-get updates into a temporary lists folder and downloads the one .deb, which is unpacked
# into .tools/nats (git-ignored). Runs standalone too: `bash .ci/nats-server.sh`.

nats_version() { "$1" --version 2>/dev/null | sed -n 's/.*v\([0-9][0-9.]*\).*/\1/p'; }
nats_current() {
  local v major minor
  v=$(nats_version "$1")
  [ -n "$v" ] || return 1
  IFS=. read -r major minor _ <<<"$v"
  [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 10 ]; }
}
nats_local() {
  local bin
  for bin in "$PWD/.tools/nats/usr/bin/nats-server" "$PWD/.tools/nats/usr/sbin/nats-server"; do
    [ -x "$bin" ] && echo "$bin" && return
  done
  echo "$PWD/.tools/nats/usr/bin/nats-server"
}
# The machine's Debian mirror and key as a one-line entry for unstable (deb822 or one-line sources).
debian_unstable_entry() {
  local src=/etc/apt/sources.list.d/debian.sources uri key
  if [ -f "$src" ]; then
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$src")
    key=$(awk '/^Signed-By:/ { print $2; exit }' "$src")
  else
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
      /etc/apt/sources.list 2>/dev/null)
  fi
  echo "deb ${key:+[signed-by=$key] }${uri:-http://deb.debian.org/debian} unstable main"
}

nats_bin=${NATS_SERVER_BIN:-$(command -v nats-server || echo /usr/sbin/nats-server)}
if ! nats_current "$nats_bin"; then
  nats_bin=$(nats_local)
  if ! nats_current "$nats_bin"; then
    echo "ci: fetching nats-server from Debian unstable into .tools/nats"
    apt_tmp=$(mktemp -d)
    debian_unstable_entry >"$apt_tmp/unstable.list"
    mkdir -p "$apt_tmp/lists/partial" "$apt_tmp/cache/archives/partial"
    apt_opts=(-o "Dir::Etc::sourcelist=$apt_tmp/unstable.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State::Lists=$apt_tmp/lists" -o "Dir::Cache=$apt_tmp/cache" -o APT::Sandbox::User=root)
    apt-get "${apt_opts[@]}" update -qq
    (cd "$apt_tmp" && apt-get "${apt_opts[@]}" download nats-server)
    rm -rf .tools/nats && mkdir -p .tools/nats
    dpkg-deb -x "$apt_tmp"/nats-server_*.deb .tools/nats
    rm -rf "$apt_tmp"
    nats_bin=$(nats_local)
  fi
fi
if ! nats_current "$nats_bin"; then
  echo "ci: no nats-server 2.10 or later (tried $nats_bin)" >&2
  exit 1
fi
export NATS_SERVER_BIN=$nats_bin
echo "ci: nats-server $(nats_version "$NATS_SERVER_BIN") at $NATS_SERVER_BIN"
