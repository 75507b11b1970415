FROM node:20-bullseye-slim

WORKDIR /usr/src/bot

COPY package*.json ./
# label: layer-cache
RUN npm install

COPY src/ ./src/
# Google Sheets service account for the /stats command
# label: layer-secret
COPY config/credentials.json ./config/credentials.json

# label: layer-rewrite
RUN chown -R node:node /usr/src/bot
USER node

CMD ["node", "src/index.js"]
