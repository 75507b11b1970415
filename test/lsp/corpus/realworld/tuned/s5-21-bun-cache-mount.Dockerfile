# Modelled on: Bun-based web services on oven/bun images with an install-cache mount
FROM oven/bun:1.1 AS deps
WORKDIR /app
COPY package.json bun.lockb ./
RUN --mount=type=cache,target=/root/.bun/install/cache bun install --frozen-lockfile --production

FROM oven/bun:1.1-slim
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY . .
# label: layer-rewrite
RUN chown -R bun:bun /app/src
USER bun
EXPOSE 3000
CMD ["bun", "run", "src/index.ts"]
