# Carteira: one image for the Slack bot, the scheduled-reports worker and the operator's
# `carteira` CLI. The command picks the role (default: bot):
#
#   docker build -t carteira .
#   docker run --rm --env-file .env carteira migrate
#   docker run -d --env-file .env -p 3000:3000 carteira            # bot
#   docker run -d --env-file .env carteira worker
#   docker run --rm --env-file .env carteira report "Sem contratos no mês"
#
# Needs BuildKit (Docker Engine 23+, the default builder) for the npm cache mounts.
# Everything comes from Docker Hub's official node image, the npm registry and Debian's
# packages. .ci/prod-check reproduces the runtime stage without a Docker engine
# (production-only install of package.json + lockfile + bin + dist, then starts each role).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# --- every dependency, cached on the lockfile alone -------------------------------------
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci

# --- compile TypeScript (src/ and migrations/) to dist/ ---------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY migrations ./migrations
COPY src ./src
RUN npm run build

# --- production dependencies only ------------------------------------------------------
# --ignore-scripts: the only install scripts in the tree are esbuild's (used by tsx, which
# the image never loads: bin/carteira.js runs dist/ when CARTEIRA_USE_DIST=1) and
# msgpackr-extract's (optional; its prebuilt binary ships in an optional package and
# msgpackr falls back to JavaScript). No compiler is needed at run time.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts

# ---------------------------------------------------------------------------------------
FROM base AS runtime
# tini is PID 1: it forwards SIGTERM to node (graceful shutdown of bot and worker) and
# reaps zombies.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    CARTEIRA_USE_DIST=1 \
    NODE_OPTIONS=--enable-source-maps \
    PORT=3000 \
    WORKER_PORT=3001

# The application is owned by root and read-only for the `node` user (uid 1000) that
# runs it. The working directory /data is the one place the CLI may write (`report
# --out`, `demo`) and where ERP exports are mounted (`import /data/exportacao`).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data

USER node
WORKDIR /data
EXPOSE 3000 3001

# One check for every role: the bot answers /healthz on PORT, the worker on WORKER_PORT;
# one-shot CLI commands (migrate, import, report…) have nothing to probe. The role is
# read from PID 1's command line (tini -- node /app/bin/carteira.js <role>).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "const a=require('fs').readFileSync('/proc/1/cmdline','utf8').split('\\0');const r=a[a.findIndex(x=>x.endsWith('bin/carteira.js'))+1]||'';const p=r==='bot'?process.env.PORT:r==='worker'?process.env.WORKER_PORT:'';if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(4000)}).then(x=>process.exit(x.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/carteira.js"]
CMD ["bot"]
