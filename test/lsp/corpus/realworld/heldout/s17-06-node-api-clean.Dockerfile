FROM node:18-alpine
RUN apk add --no-cache tini
WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --chown=node:node . .
# uploads is created here, only the directory is handed over
RUN mkdir -p uploads && chown node:node uploads
USER node
EXPOSE 4000
HEALTHCHECK CMD node healthcheck.js
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "index.js"]
