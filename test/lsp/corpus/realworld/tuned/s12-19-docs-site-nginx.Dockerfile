# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
WORKDIR /site
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
RUN sed -i 's/#gzip  on;/gzip on;/' /etc/nginx/nginx.conf \
 && rm /etc/nginx/conf.d/default.conf
COPY nginx/site.conf /etc/nginx/conf.d/site.conf
COPY --from=build /site/dist /usr/share/nginx/html
EXPOSE 80
