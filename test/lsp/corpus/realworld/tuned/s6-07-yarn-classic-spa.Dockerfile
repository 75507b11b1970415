FROM node:18

WORKDIR /app

COPY package.json yarn.lock ./
# label: layer-cache
RUN yarn install --frozen-lockfile --network-timeout 600000

# label: layer-deleted-later
COPY . .

RUN yarn build

# sources and tests are not needed once the bundle exists
RUN rm -rf src tests .storybook

EXPOSE 4173
CMD ["yarn", "preview", "--host", "0.0.0.0"]
