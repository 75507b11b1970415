FROM node:20-slim
WORKDIR /app
# label: layer-secret, layer-deleted-later
COPY .npmrc /root/.npmrc
COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force && rm -f /root/.npmrc
