FROM node:20-slim
WORKDIR /home/node/app
COPY --chown=node:node . .
USER node
