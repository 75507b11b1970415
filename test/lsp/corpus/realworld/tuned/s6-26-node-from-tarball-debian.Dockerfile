FROM debian:bookworm-slim

ENV NODE_VERSION=20.14.0

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl xz-utils \
    && rm -rf /var/lib/apt/lists/*

# label: layer-deleted-later
RUN ARCH=x64 \
    && curl -fsSLO --compressed "https://nodejs.example.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" \
    && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \
    && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" \
    && ln -s /usr/local/bin/node /usr/local/bin/nodejs \
    && node --version

# we ship our own notices
RUN rm -f /usr/local/CHANGELOG.md /usr/local/README.md /usr/local/LICENSE

# label: layer-cache
RUN npm install -g pm2@5.4.0

RUN groupadd --gid 1000 app && useradd --uid 1000 --gid app --shell /bin/bash --create-home app
WORKDIR /home/app/service
COPY --chown=app:app . .
# pm2 pulls the deploy hooks from the private git server
# label: layer-secret
COPY --chown=app:app deploy/netrc /home/app/.netrc
USER app
CMD ["pm2-runtime", "ecosystem.config.js"]
