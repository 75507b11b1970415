# Modelled on: Node monorepo images built with pnpm (build stage, then production install with a store cache mount)
FROM node:20-alpine AS build
RUN npm install -g pnpm@8.15.4 && npm cache clean --force
WORKDIR /repo
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY packages/web/package.json packages/web/
# label: layer-cache
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter web run build

FROM node:20-alpine
RUN npm install -g pnpm@8.15.4 && npm cache clean --force
WORKDIR /srv
COPY --from=build /repo/packages/web/dist ./dist
COPY --from=build /repo/packages/web/package.json /repo/pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/root/.local/share/pnpm/store pnpm install --prod --frozen-lockfile
CMD ["node", "dist/server.js"]
