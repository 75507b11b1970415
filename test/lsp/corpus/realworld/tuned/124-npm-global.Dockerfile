FROM node:20-slim
# label: layer-cache
RUN npm install -g pm2@5
