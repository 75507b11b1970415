FROM node:20 AS deps
WORKDIR /app
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci && npm cache clean --force
FROM node:20-slim
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# expect: layer-secret `/root/.npmrc`
COPY --from=deps /root/.npmrc /root/.npmrc
