FROM debian:bookworm-slim

RUN groupadd --gid 1000 app \
  && useradd --uid 1000 --gid app --shell /bin/bash --create-home app

ENV RUNTIME_VERSION 21.7.3

RUN ARCH= && dpkgArch="$(dpkg --print-architecture)" \
    && case "${dpkgArch##*-}" in \
      amd64) ARCH='x64';; \
      arm64) ARCH='arm64';; \
      *) echo "unsupported architecture"; exit 1 ;; \
    esac \
    && set -ex \
    && apt-get update && apt-get install -y ca-certificates curl wget gnupg dirmngr xz-utils --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* \
    && curl -fsSLO --compressed "https://dist.example.org/v$RUNTIME_VERSION/runtime-v$RUNTIME_VERSION-linux-$ARCH.tar.xz" \
    && curl -fsSLO --compressed "https://dist.example.org/v$RUNTIME_VERSION/SHASUMS256.txt" \
    && grep " runtime-v$RUNTIME_VERSION-linux-$ARCH.tar.xz\$" SHASUMS256.txt | sha256sum -c - \
    && tar -xJf "runtime-v$RUNTIME_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \
    && rm "runtime-v$RUNTIME_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt \
    && apt-mark auto '.*' > /dev/null \
    && apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false \
    && ln -s /usr/local/bin/runtime /usr/local/bin/rt \
    && runtime --version

COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD [ "runtime" ]
