# Modelled on: frontend images that build and serve in one stage (npm ci, build, dist moved out, node_modules removed, serve)
FROM node:18-alpine
WORKDIR /usr/src/dashboard
COPY package.json package-lock.json ./
# label: layer-cache, layer-deleted-later
RUN npm ci
COPY . .
# label: layer-deleted-later
RUN npm run build
RUN mv dist /srv/dashboard && rm -rf node_modules
# label: layer-cache
RUN npm install -g serve@14.2.3
EXPOSE 3000
CMD ["serve", "-s", "/srv/dashboard", "-l", "3000"]
