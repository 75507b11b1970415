FROM node:20-bookworm-slim
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
# expect: layer-cache npm cache clean --force
RUN npm ci --omit=dev
# expect: layer-cache yarn cache clean
RUN yarn global add serve
