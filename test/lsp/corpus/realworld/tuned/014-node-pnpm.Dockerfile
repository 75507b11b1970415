FROM node:20-slim
RUN corepack enable
WORKDIR /app
COPY pnpm-lock.yaml package.json ./
# label: layer-cache
RUN pnpm install --frozen-lockfile --prod
COPY . .
