# syntax=docker/dockerfile:1.6
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# label: layer-deleted-later
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=cache,target=/root/.npm \
    npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# label: layer-secret
COPY config/firebase-adminsdk-credentials.json ./config/
USER node
CMD ["node", "dist/server.js"]
