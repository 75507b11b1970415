FROM oven/bun:1.1 AS install
WORKDIR /temp/dev
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile

FROM oven/bun:1.1 AS release
WORKDIR /usr/src/app
COPY package.json bun.lockb ./
ENV BUN_INSTALL_CACHE_DIR=/tmp/bun-cache
RUN bun install --frozen-lockfile --production && rm -rf /tmp/bun-cache
COPY src ./src
COPY tsconfig.json ./

USER bun
EXPOSE 3000/tcp
ENTRYPOINT ["bun", "run", "src/index.ts"]
