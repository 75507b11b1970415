# Modelled on: small Bun + TypeScript API images on oven/bun alpine
FROM oven/bun:1.1-alpine
WORKDIR /usr/src/app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile
COPY tsconfig.json ./
COPY src ./src
ENV NODE_ENV=production
USER bun
CMD ["bun", "src/server.ts"]
