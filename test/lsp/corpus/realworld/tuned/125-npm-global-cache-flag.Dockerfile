FROM node:20-slim
RUN npm install -g --cache /tmp/npm-cache typescript@5 && rm -rf /tmp/npm-cache
