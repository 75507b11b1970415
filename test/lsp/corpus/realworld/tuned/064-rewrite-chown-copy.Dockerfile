FROM node:20-slim
WORKDIR /home/node/app
COPY . .
# label: layer-rewrite
RUN chown -R node:node /home/node/app
USER node
