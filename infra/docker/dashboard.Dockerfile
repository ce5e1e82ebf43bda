# syntax=docker/dockerfile:1
# The dashboard as static files behind nginx, which is also the reverse proxy to the services:
# /api/<service>/… → <SERVICE>_URL/…, with server-sent events passed through unbuffered.
#   docker build -f infra/docker/dashboard.Dockerfile -t krisstod/dashboard .
# Runtime settings (environment): ROSTER_URL, ACTIVATION_URL, SUPPORT_CENTRES_URL, REPORTING_URL,
# NATIONAL_URL (only at the national hub: reporting in the national mode), and
# the sign-in served as /config.json: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_SCOPES.
# Build settings (the bundle's VITE_* variables): --build-arg VITE_COUNTY_CODE=13 etc.
# Base images: NODE_IMAGE (build) and NGINX_IMAGE (runtime), pinned by digest for a release
# (--build-arg NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine@sha256:<digest>).
ARG NODE_IMAGE=node:22-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

FROM ${NODE_IMAGE} AS prune
WORKDIR /repo
COPY . .
RUN TURBO_TELEMETRY_DISABLED=1 npx --yes "turbo@$(node -p "require('./package-lock.json').packages['node_modules/turbo'].version")" \
      prune @krisstod/dashboard --docker

FROM ${NODE_IMAGE} AS build
ARG VITE_COUNTY_CODE=13
ARG VITE_TILE_URL=
ARG VITE_TILE_ATTRIBUTION=
WORKDIR /repo
COPY --from=prune /repo/out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY --from=prune /repo/out/full/ ./
# turbo prune leaves out the root tsconfig that the workspaces' tsconfig.json extend; Vite's
# transform reads them and fails without it.
COPY tsconfig.base.json ./
RUN cd apps/dashboard \
  && VITE_COUNTY_CODE="$VITE_COUNTY_CODE" VITE_TILE_URL="$VITE_TILE_URL" VITE_TILE_ATTRIBUTION="$VITE_TILE_ATTRIBUTION" \
     node ../../node_modules/vite/bin/vite.js build

# nginx-unprivileged: listens on 8080 and runs as uid 101, so the container needs no root at all.
FROM ${NGINX_IMAGE}
ENV ROSTER_URL=http://roster:4101 \
    ACTIVATION_URL=http://activation:4102 \
    SUPPORT_CENTRES_URL=http://support-centres:4103 \
    REPORTING_URL=http://reporting:4104 \
    NATIONAL_URL=http://127.0.0.1:8080/no-national-picture \
    OIDC_ISSUER=http://localhost:8180/realms/krisstod \
    OIDC_CLIENT_ID=krisstod-dashboard \
    OIDC_SCOPES="openid profile" \
    NGINX_ENVSUBST_OUTPUT_DIR=/tmp
# The image's entrypoint fills ${…} in templates/*.template from the environment at start, here into
# /tmp/default.conf (NGINX_ENVSUBST_OUTPUT_DIR): with a read-only root only /tmp needs to be
# writable, and conf.d stays the image's own. (A tmpfs over conf.d is writable to nginx's uid 101
# under Docker but root's under podman, which also copies the image's default.conf into it.)
USER root
RUN rm -f /etc/nginx/conf.d/*.conf && printf 'include /tmp/default.conf;\n' >/etc/nginx/conf.d/krisstod.conf
USER 101
COPY infra/docker/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /repo/apps/dashboard/dist /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
