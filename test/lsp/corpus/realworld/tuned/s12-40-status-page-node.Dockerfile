FROM node:20-bookworm-slim
WORKDIR /usr/src/app

# label: layer-archive
COPY vendor/fonts-bundle.tar.gz /tmp
RUN mkdir -p /usr/share/fonts/truetype/status && \
    tar -xzf /tmp/fonts-bundle.tar.gz -C /usr/share/fonts/truetype/status

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --cache /tmp/npm-cache && rm -rf /tmp/npm-cache

# label: layer-deleted-later
COPY ./src ./
RUN rm -rf ./__tests__ ./fixtures

USER node
EXPOSE 3001
CMD ["node", "server.js"]
