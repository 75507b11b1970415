# Modelled on: Node.js SSR/Express application images that fix ownership after installing (application repos)
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# label: layer-rewrite
RUN chown -R node:node /app
USER node
EXPOSE 4000
CMD ["node", "dist/server/main.js"]
