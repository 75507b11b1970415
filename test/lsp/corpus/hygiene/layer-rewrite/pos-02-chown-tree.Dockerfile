FROM node:20-slim
WORKDIR /home/node/app
COPY . .
# expect: layer-rewrite `chown -R` on `/home/node/app` (added by the COPY on line 3)
RUN chown -R node:node /home/node/app
USER node
