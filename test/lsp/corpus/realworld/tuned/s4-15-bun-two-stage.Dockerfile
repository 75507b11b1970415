# Modelled on: Bun application Dockerfiles (oven/bun base, frozen lockfile install, slim release stage)
FROM oven/bun:1.1 AS deps
WORKDIR /usr/src/app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.1-slim
WORKDIR /usr/src/app
COPY --from=deps /usr/src/app/node_modules node_modules
COPY src ./src
COPY package.json .
USER bun
EXPOSE 3000
CMD ["bun", "run", "src/index.ts"]
