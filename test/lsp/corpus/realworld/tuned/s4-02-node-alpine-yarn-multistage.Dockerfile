# Modelled on: Node application repos with multi-stage alpine builds (yarn install, build, production-only install)
FROM node:20-alpine AS build
WORKDIR /app
COPY package.json yarn.lock ./
# label: layer-cache
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build

FROM node:20-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
