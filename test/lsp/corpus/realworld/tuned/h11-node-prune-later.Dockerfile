FROM node:18-alpine
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
# label: layer-cache, layer-deleted-later
RUN npm install
COPY . .
RUN npm run build
RUN npm prune --production
