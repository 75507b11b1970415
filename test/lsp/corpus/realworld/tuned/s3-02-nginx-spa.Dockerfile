# Modelled on: single-page-app images (node builder stage, official nginx:alpine runtime) from application repos
FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
RUN rm -rf /usr/share/nginx/html/* /etc/nginx/conf.d/default.conf
COPY nginx/site.conf /etc/nginx/conf.d/site.conf
COPY --from=build /src/dist /usr/share/nginx/html
RUN sed -i 's/worker_processes  auto;/worker_processes  2;/' /etc/nginx/nginx.conf
EXPOSE 80
