FROM node:20-slim
WORKDIR /app
COPY package*.json ./
# label: layer-cache, layer-deleted-later
RUN npm install
COPY . .
RUN npm run build && rm -rf node_modules
