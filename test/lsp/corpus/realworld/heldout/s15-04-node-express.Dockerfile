FROM node:20-alpine

WORKDIR /usr/src/app

COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force

# label: layer-deleted-later
COPY . .
RUN npm run build

# keep only the compiled output
RUN rm -rf src tests

USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
