# Self-hosted wiki: dependencies in one stage, runtime in another
FROM node:20-alpine AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci --omit=dev

FROM node:20-alpine
LABEL org.opencontainers.image.source="https://git.example.org/wikiroot/wikiroot"
RUN apk add --no-cache git openssh-client tini

WORKDIR /srv/wiki
COPY --from=deps /src/node_modules ./node_modules
COPY --chown=node:node server ./server
COPY --chown=node:node assets ./assets
COPY package.json ./

RUN mkdir -p /srv/wiki/data/content /var/log/wiki \
    && chown -R node:node /srv/wiki/data /var/log/wiki

USER node
ENV WIKI_DATA=/srv/wiki/data
EXPOSE 3000
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "server/index.js"]
