FROM node:20-slim
WORKDIR /app
COPY .env.example .env.sample ./
COPY config.json tsconfig.json ./
