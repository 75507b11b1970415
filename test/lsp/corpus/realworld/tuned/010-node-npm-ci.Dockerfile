FROM node:20-bookworm-slim
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]
