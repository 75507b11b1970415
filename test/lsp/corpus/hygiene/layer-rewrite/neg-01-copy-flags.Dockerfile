# syntax=docker/dockerfile:1
FROM node:20-slim
WORKDIR /home/node/app
COPY --chown=node:node --chmod=755 docker-entrypoint.sh /usr/local/bin/
COPY --chown=node:node . .
USER node
