FROM node:20
WORKDIR /usr/src/app
COPY package*.json ./
# label: layer-cache
RUN npm install
# label: layer-deleted-later
COPY . .
RUN npm run build
# keep the image small (it doesn't)
RUN rm -rf src tests
EXPOSE 3000
CMD ["node", "dist/server.js"]
