FROM arm64v8/node:20-alpine

RUN apk add --no-cache --virtual .gyp python3 make g++ \
    && npm install -g --unsafe-perm node-red@3.1.3 \
    && npm cache clean --force \
    && apk del .gyp

WORKDIR /data
COPY --chown=node:node flows.json settings.js ./
# broker username/password for the MQTT nodes
# label: layer-secret
COPY --chown=node:node mqtt-credentials.json ./

USER node
EXPOSE 1880
CMD ["node-red", "--userDir", "/data"]
