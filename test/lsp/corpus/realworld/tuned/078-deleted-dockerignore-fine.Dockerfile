FROM node:20-slim
WORKDIR /srv
COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY dist ./dist
