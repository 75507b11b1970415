FROM oven/bun:1
WORKDIR /app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile
COPY . .
CMD ["bun", "run", "index.ts"]
