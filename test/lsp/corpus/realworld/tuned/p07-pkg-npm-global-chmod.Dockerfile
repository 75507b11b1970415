FROM node:20-bookworm-slim
RUN npm install -g --cache /tmp/npm-cache @redocly/cli@1.25.0 && rm -rf /tmp/npm-cache
# label: layer-rewrite
RUN chmod -R a+rX /usr/local/lib/node_modules/@redocly/cli
WORKDIR /spec
ENTRYPOINT ["redocly"]
