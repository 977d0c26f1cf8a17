# syntax=docker/dockerfile:1
# SPDX-License-Identifier: MIT
#
# Strand container image.
#   build   : npm ci + `npm run build` -> dist/backend/ (strand.js, native addons, web/, and
#             backend-manifest.json written last)
#   runtime : the same Node image with nothing but dist/backend/, owned by root and read-only for
#             the non-root user (uid/gid 10001) that runs it; state lives only in /data.
#
# Base images are pinned by digest (the multi-arch index of node:22-bookworm-slim, Node 22.23.2,
# as listed by docker-library/repo-info); Dependabot (.github/dependabot.yml, docker) bumps it.
# Run read-only:  docker run --read-only --tmpfs /tmp -v strand-data:/data -p 8000:8000 IMAGE@DIGEST
# server/tools/release/dockerfile.test.ts lints this file and checks the rules above;
# server/tools/release/entrypoint.test.ts runs ENTRYPOINT + CMD + HEALTHCHECK outside Docker.

FROM node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9 AS build
# A compiler for the native addons (better-sqlite3, argon2) on platforms without a prebuilt binary.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build writes backend-manifest.json last; check the tree against it before it is copied.
# The SBOM goes inside the backend root (covered by the manifest) so the About screen can describe it.
RUN npm run sbom \
 && STRAND_SHIP_SBOM=sbom.cyclonedx.json npm run build \
 && npx tsx integrity/cli.ts check dist/backend \
 && node dist/backend/strand.js --version

FROM node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9 AS runtime
LABEL org.opencontainers.image.title="Strand" \
      org.opencontainers.image.description="LXMF mesh messenger node over Reticulum, with a web interface" \
      org.opencontainers.image.licenses="MIT"
# A fixed, unprivileged uid/gid that matches no common host account; chown a bind-mounted /data to it.
RUN groupadd --system --gid 10001 strand \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin strand \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 0700 /data
# Root-owned and not writable by the runtime user: the backend can only be changed by a new image,
# and `strand serve` refuses to start if it does not match backend-manifest.json.
COPY --from=build --chown=0:0 /src/dist/backend /app/backend
ENV NODE_ENV=production \
    STRAND_HOST=0.0.0.0 \
    STRAND_PORT=8000 \
    STRAND_DATA_DIR=/data
WORKDIR /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
# node's own fetch, not curl (there is none in the image); 127.0.0.1 works because the node listens
# on 0.0.0.0 by default. Exit 0 only for a 2xx from the status endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.STRAND_PORT||'8000')+'/api/v1/status',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `strand serve` checks every file of /app/backend against backend-manifest.json before it opens a
# socket or the database, exactly as in every other install, and exits non-zero on any mismatch.
ENTRYPOINT ["node", "/app/backend/strand.js"]
CMD ["serve"]
