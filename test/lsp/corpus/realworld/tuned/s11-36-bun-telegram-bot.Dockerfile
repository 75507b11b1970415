FROM oven/bun:1.1 AS deps
WORKDIR /app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --production --frozen-lockfile

FROM oven/bun:1.1-slim
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
# BOT_TOKEN lives here
# label: layer-secret
COPY .env ./

USER bun
CMD ["bun", "run", "src/index.ts"]
