FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
# label: layer-deleted-later
COPY . .
# label: layer-deleted-later
RUN npm run build:prod
# sources and the framework's build cache are dropped after the build, one layer too late
RUN rm -rf src .next/cache
EXPOSE 3000
CMD ["npm", "start"]
