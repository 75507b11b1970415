FROM node:18
WORKDIR /app
COPY package.json yarn.lock ./
# label: layer-cache
RUN yarn install --frozen-lockfile --production
COPY . .
