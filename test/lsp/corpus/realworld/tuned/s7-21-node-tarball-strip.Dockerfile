FROM debian:bookworm-slim

RUN groupadd --gid 1000 node \
    && useradd --uid 1000 --gid node --shell /bin/bash --create-home node

ENV NODE_VERSION 20.11.1

# label: layer-deleted-later
RUN set -eux; \
    ARCH=; dpkgArch="$(dpkg --print-architecture)"; \
    case "${dpkgArch##*-}" in \
      amd64) ARCH='x64';; \
      arm64) ARCH='arm64';; \
      *) echo "unsupported architecture"; exit 1 ;; \
    esac; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl xz-utils; \
    curl -fsSLO --compressed "https://nodejs.example.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"; \
    curl -fsSLO --compressed "https://nodejs.example.org/dist/v$NODE_VERSION/SHASUMS256.txt"; \
    grep " node-v$NODE_VERSION-linux-$ARCH.tar.xz\$" SHASUMS256.txt | sha256sum -c -; \
    tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner; \
    rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt; \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/*; \
    ln -s /usr/local/bin/node /usr/local/bin/nodejs; \
    node --version; \
    npm --version

# the docs and changelog of the tarball are not needed at run time
RUN rm -rf /usr/local/share/doc/node /usr/local/CHANGELOG.md /usr/local/README.md

ENV YARN_VERSION 1.22.22
# label: layer-cache
RUN npm install -g "yarn@${YARN_VERSION}" && yarn --version

WORKDIR /home/node/app
COPY --chown=node:node package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
# label: layer-deleted-later
COPY --chown=node:node . .
RUN rm -rf test docs .github
USER node
CMD ["node", "server.js"]
