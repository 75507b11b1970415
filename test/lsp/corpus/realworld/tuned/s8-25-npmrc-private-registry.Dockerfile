FROM node:20-bookworm-slim AS deps
WORKDIR /app
# holds //npm.example.com/:_authToken=...
# label: layer-secret, layer-deleted-later
COPY .npmrc ./
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
RUN rm -f .npmrc

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json server.js ./
COPY src/ ./src/
USER node
EXPOSE 3000
CMD ["node", "server.js"]
