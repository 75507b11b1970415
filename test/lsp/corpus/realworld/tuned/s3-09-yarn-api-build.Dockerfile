# Modelled on: Node.js API images using yarn classic (Express/NestJS application repositories)
FROM node:18-bullseye-slim
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
# label: layer-cache, layer-deleted-later
RUN yarn install --frozen-lockfile
# label: layer-deleted-later
COPY . .
RUN yarn build && yarn cache clean && rm -rf src test
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "dist/main.js"]
