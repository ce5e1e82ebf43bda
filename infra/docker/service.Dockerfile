# syntax=docker/dockerfile:1
# One recipe for the four services, the service named by a build argument:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=activation -t krisstod/activation .
#
# 1. prune:   `turbo prune @krisstod/<service> --docker` keeps only the workspaces the service needs
#             (out/json: package.json files and a pruned lockfile; out/full: their sources), so a
#             change in another app does not invalidate this image's dependency layer.
# 2. build:   installs the pruned workspace (dev dependencies included: esbuild comes with tsx),
#             applies patches/ (patch-package; install scripts stay off) and bundles src/main.ts
#             into one ESM file with scripts/bundle-service.mjs, which refuses when a patch is not
#             applied. The services have no TypeScript build step of their own (they run through
#             tsx in development); test/deploy/bundle.test.ts runs the same script and starts the
#             bundles. apps/identity (the development OpenID provider) builds the same way.
# 3. runtime: node, the bundle, its source map without sources, pdfkit's font modules and the
#             service's checked-in migrations (drizzle/). No node_modules, no sources, no npm; runs
#             as the unprivileged `node` user (uid 1000).
#
# Base image: NODE_IMAGE, pinned by digest for a release (docs/operations.md, "Building the images"):
#   --build-arg NODE_IMAGE=node:22-bookworm-slim@sha256:<digest>
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS prune
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=<roster|activation|support-centres|reporting>" && exit 1)
WORKDIR /repo
COPY . .
# The turbo version the lockfile pins, so the prune matches what the repository tests with.
RUN TURBO_TELEMETRY_DISABLED=1 npx --yes "turbo@$(node -p "require('./package-lock.json').packages['node_modules/turbo'].version")" \
      prune "@krisstod/${SERVICE}" --docker

FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /repo
COPY --from=prune /repo/out/json/ ./
# Install scripts stay off: esbuild's binary comes from its @esbuild/<platform> package either way,
# and the embedded PostgreSQL binaries are never used in an image. The root's postinstall
# (patch-package) is run explicitly instead; turbo prune leaves patches/ out, so it is copied here.
COPY patches/ ./patches/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts \
  && node_modules/.bin/patch-package --error-on-fail
COPY --from=prune /repo/out/full/ ./
# The workspaces' tsconfig.json files extend the root's, which esbuild reads too.
COPY tsconfig.base.json ./
COPY scripts/bundle-service.mjs ./scripts/
# The bundle sits at /out/dist/main.mjs and the migrations at /out/drizzle, so each service's
# `new URL("../drizzle", import.meta.url)` finds them as it does in the repository.
RUN node scripts/bundle-service.mjs "${SERVICE}" /out

FROM ${NODE_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="krisstod-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/krisstod/krisstod"
# No --enable-source-maps: Node parses the whole map at start, about 70 MB of resident memory per
# container (roster idle 121 → 190 MB, the import's peak 218 → 295 MB against a 512 MiB limit;
# bench/README.md 2026-12-06). The map stays in the image: NODE_OPTIONS=--enable-source-maps on
# one replica names the TypeScript files and lines when a stack trace needs them.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
# npm, npx, corepack and yarn are build tools: none in the runtime image.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
WORKDIR /app
# Owned by root and read-only to the service: it can write nothing but /tmp.
COPY --from=build /out/ /app/
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and gets SIGTERM itself: the runtime drains HTTP, consumers and the outbox relay.
CMD ["node", "dist/main.mjs"]
