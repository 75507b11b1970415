FROM node:20
WORKDIR /app
COPY package.json yarn.lock ./
# label: layer-cache, layer-deleted-later
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
RUN yarn cache clean
