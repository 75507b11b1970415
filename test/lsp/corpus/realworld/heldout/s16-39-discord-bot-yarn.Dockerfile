FROM node:18-slim
ENV NODE_ENV=production
WORKDIR /home/node/bot
COPY --chown=node:node package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
COPY --chown=node:node . .
USER node
CMD ["node", "index.js"]
