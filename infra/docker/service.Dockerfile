# syntax=docker/dockerfile:1
# One recipe for the four services, the service named by a build argument:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=activation -t krisstod/activation .
#
# 1. prune:   `turbo prune @krisstod/<service> --docker` keeps only the workspaces the service needs
#             (out/json: package.json files and a pruned lockfile; out/full: their sources), so a
#             change in another app does not invalidate this image's dependency layer.
# 2. build:   installs the pruned workspace (dev dependencies included: esbuild comes with tsx) and
#             bundles src/main.ts with esbuild into one ESM file. The services have no TypeScript
#             build step of their own (they run through tsx in development); the bundle is only the
#             image's, and test/deploy/bundle.test.ts starts such a bundle to show it boots.
# 3. runtime: node, the bundle and the service's checked-in migrations (drizzle/). No node_modules,
#             no sources, no npm; runs as the unprivileged `node` user (uid 1000).
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
# and the embedded PostgreSQL binaries are never used in an image.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY --from=prune /repo/out/full/ ./
# The bundle sits at /out/dist/main.mjs and the migrations at /out/drizzle, so each service's
# `new URL("../drizzle", import.meta.url)` finds them as it does in the repository. The banner gives
# bundled CommonJS dependencies a `require`.
RUN node_modules/.bin/esbuild "apps/${SERVICE}/src/main.ts" \
      --bundle --platform=node --target=node22 --format=esm --sourcemap --legal-comments=none \
      --banner:js="import { createRequire as __krisstodRequire } from 'node:module'; const require = __krisstodRequire(import.meta.url);" \
      --outfile=/out/dist/main.mjs \
  && cp -r "apps/${SERVICE}/drizzle" /out/drizzle

FROM ${NODE_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="krisstod-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/krisstod/krisstod"
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
WORKDIR /app
# Owned by root and read-only to the service: it can write nothing but /tmp.
COPY --from=build /out/ /app/
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and gets SIGTERM itself: the runtime drains HTTP, consumers and the outbox relay.
CMD ["node", "dist/main.mjs"]
