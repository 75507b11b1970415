FROM node:20 AS build
WORKDIR /app
COPY package*.json ./
# label: layer-cache
RUN npm ci
COPY . .
RUN npm run build
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
