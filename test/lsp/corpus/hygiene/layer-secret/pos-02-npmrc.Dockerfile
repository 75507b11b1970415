FROM node:20-slim
WORKDIR /app
# expect: layer-secret `.npmrc` (an npm config, which holds registry tokens)
COPY .npmrc package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
