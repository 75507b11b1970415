FROM node:20-alpine
WORKDIR /app
COPY .env.sample .env.sample
# label: layer-secret
COPY .env.local .env.local
COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
