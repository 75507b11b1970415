FROM oven/bun:1.1 AS install
WORKDIR /app
COPY package.json bun.lockb ./
# label: layer-cache
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.1-distroless
WORKDIR /app
COPY --from=install /app/node_modules ./node_modules
COPY src ./src
COPY package.json tsconfig.json ./
ENV NODE_ENV=production
EXPOSE 3000
CMD ["src/index.ts"]
