# Modelled on: Bun application images (oven/bun base, install and release stages)
FROM oven/bun:1.1.20 AS install
WORKDIR /app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.1.20-slim AS release
WORKDIR /app
COPY --from=install /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
USER bun
EXPOSE 3000
ENTRYPOINT ["bun", "run", "src/index.ts"]
