# Modelled on: Node API repos on debian-based node images (npm ci for production, cache cleaned, app tree chowned to node)
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /home/node/app
COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
# label: layer-rewrite
RUN chown -R node:node /home/node/app
USER node
EXPOSE 8080
CMD ["node", "index.js"]
