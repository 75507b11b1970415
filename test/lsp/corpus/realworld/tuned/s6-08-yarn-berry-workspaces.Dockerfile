FROM node:20-bookworm AS deps
WORKDIR /repo
COPY .yarnrc.yml package.json yarn.lock ./
COPY .yarn/releases ./.yarn/releases
COPY packages/api/package.json ./packages/api/
COPY packages/shared/package.json ./packages/shared/
RUN yarn workspaces focus @acme/api \
    && yarn cache clean --all

FROM node:20-bookworm AS build
WORKDIR /repo
COPY --from=deps /repo/ ./
COPY packages ./packages
RUN yarn workspace @acme/api run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/packages/api/dist ./dist
COPY --from=build /repo/packages/api/package.json ./package.json
USER node
CMD ["node", "dist/index.js"]
