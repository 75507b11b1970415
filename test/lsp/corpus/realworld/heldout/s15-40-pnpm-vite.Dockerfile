FROM node:20-slim AS base
RUN corepack enable

FROM base AS build
WORKDIR /app
COPY . .
# label: layer-cache
RUN pnpm install --frozen-lockfile
RUN pnpm run build

FROM nginx:alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
