FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
COPY . .
ARG VITE_API_BASE=https://api.example.com
RUN npm run build

FROM nginx:1.27-bookworm
RUN rm /etc/nginx/conf.d/default.conf
COPY nginx/site.conf /etc/nginx/conf.d/
COPY --from=build /src/dist /usr/share/nginx/html
# self-hosted web fonts; ADD unpacks a local tarball itself
ADD assets/webfonts-2.1.tar.gz /usr/share/nginx/html/fonts/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
