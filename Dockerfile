# syntax=docker/dockerfile:1
#
# Torque Log Server image. Three stages: dependencies, build, runtime.
#
#   docker build -t torque-logserver .
#   docker run -d --name torque -p 3000:3000 -v torque-data:/data torque-logserver        (embedded PostgreSQL in /data)
#   docker compose up -d                                                                   (PostgreSQL in its own container: compose.yaml)
#
# Why not Next's "standalone" output: the app is served by dist/server.mjs (scripts/start.ts
# bundled by `npm run build`), a custom server
# that accepts Torque's raw UTF-8 bytes in the request line (Next's own server answers them
# 400) and runs the migrations and the embedded database. The runtime stage therefore keeps the
# production dependencies (npm prune --omit=dev) instead of the standalone trace.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# The postinstall generates the Prisma client from the schema: it must be there before npm ci.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN NODE_ENV=production npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    BUILD_ON_START=never \
    MALLOC_MMAP_THRESHOLD_=65536
COPY --from=build /app /app
# Runs as the unprivileged "node" user of the base image (uid 1000). The embedded PostgreSQL
# runs as that user too; only /data and Next's cache directory are writable.
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
USER node
VOLUME ["/data"]
EXPOSE 3000
# 503 while the database is unreachable: `docker ps` then shows the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# One process (not npm, which would start a second one): SIGTERM reaches the server, which
# drains requests and stops the embedded PostgreSQL before it exits. The flag: package.json "start".
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=192", "--no-allocation-site-pretenuring", "--single-threaded-gc", "--heap-growing-percent=100", "dist/server.mjs"]
