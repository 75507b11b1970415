FROM node:20 AS build
WORKDIR /web
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
# drop the default welcome page
RUN rm -rf /usr/share/nginx/html/*
COPY --from=build /web/dist /usr/share/nginx/html
COPY nginx/default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
