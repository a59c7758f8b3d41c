# omnichaos: the simulators, the chaos engine and the control plane in one image.
#
# The build context is a staged copy of the built package with production node_modules, made by
# scripts/docker-build.sh (nothing is installed inside the image, so no registry is needed):
#
#   scripts/docker-build.sh                                  FROM node:20-slim (pulled)
#   OMNICHAOS_BASE_IMAGE=local scripts/docker-build.sh       FROM this machine's node (no registry)
#
# The repository root works as the context too (`docker build .` after `npm ci && npm run build`;
# .dockerignore), with the whole node_modules, dev dependencies included.
#
# No RUN steps: the local base has no shell. See docs/containers.md.
ARG BASE=node:20-slim
FROM ${BASE}

LABEL org.opencontainers.image.title="omnichaos" \
      org.opencontainers.image.description="Retail integration simulators, chaos engine and oracle" \
      org.opencontainers.image.licenses="MIT"

ENV NODE_ENV=production \
    OMNICHAOS_PORT=4000 \
    OMNICHAOS_HOST=127.0.0.1 \
    TMPDIR=/tmp \
    HOME=/tmp

# Dependencies first: they change less often than dist/, so their layer stays cached.
COPY node_modules/ /app/node_modules/
COPY package.json /app/package.json
COPY bin/ /app/bin/
COPY scenarios/ /app/scenarios/
COPY dashboard/public/ /app/dashboard/public/
COPY scripts/docker-entrypoint.mjs /app/scripts/docker-entrypoint.mjs
COPY dist/ /app/dist/

# The files stay root-owned and read-only for the process; only /tmp is writable, so relative
# outputs (`run` and `demo` write runs/ by default) land there.
USER 10001:10001
WORKDIR /tmp

# Host networking is the intended mode (docs/containers.md); the ports are documented here.
EXPOSE 4000-4009

HEALTHCHECK --interval=5s --timeout=4s --start-period=5s --retries=3 \
  CMD ["node", "/app/scripts/docker-entrypoint.mjs", "health"]

ENTRYPOINT ["node", "/app/scripts/docker-entrypoint.mjs"]
CMD ["up"]
