FROM node:20-alpine

WORKDIR /app
# prebuilt icon and font bundle, ADD unpacks it
ADD vendor-assets.tar.gz ./public/

COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean

COPY . .
# country lookup database, used as is
ADD https://dl.example.com/geo/country-lite.mmdb /app/data/

USER node
EXPOSE 8080
CMD ["node", "server.js"]
