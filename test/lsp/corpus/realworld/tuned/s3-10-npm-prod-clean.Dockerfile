# Modelled on: production Node images following the official node image guidance (npm ci --omit=dev, cache clean, USER node)
FROM node:20-alpine
ENV NODE_ENV=production
WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --chown=node:node . .
USER node
EXPOSE 8080
CMD ["node", "server.js"]
