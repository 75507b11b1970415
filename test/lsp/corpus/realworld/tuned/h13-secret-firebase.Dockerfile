FROM node:20-slim
WORKDIR /functions
COPY package*.json ./
RUN npm ci && npm cache clean --force
# label: layer-secret
COPY serviceAccountKey.json ./
COPY index.js ./
