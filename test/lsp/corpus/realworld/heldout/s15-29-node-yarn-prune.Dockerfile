FROM node:18-bullseye

WORKDIR /app
COPY package.json yarn.lock ./
# label: layer-cache, layer-deleted-later
RUN yarn install --frozen-lockfile

COPY . .
RUN yarn build

# production deps only
RUN rm -rf node_modules \
    && yarn install --production --frozen-lockfile \
    && yarn cache clean

CMD ["node", "build/index.js"]
