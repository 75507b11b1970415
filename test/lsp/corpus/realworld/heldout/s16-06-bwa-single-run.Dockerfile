FROM debian:bookworm-slim
ARG BWA_VER=0.7.17

# build and clean up in one layer
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gcc make libc6-dev zlib1g-dev curl ca-certificates bzip2; \
    curl -fsSL -o /tmp/bwa.tar.bz2 "https://example.org/bwa/bwa-${BWA_VER}.tar.bz2"; \
    tar -xjf /tmp/bwa.tar.bz2 -C /tmp; \
    make -C /tmp/bwa-${BWA_VER}; \
    cp /tmp/bwa-${BWA_VER}/bwa /usr/local/bin/; \
    rm -rf /tmp/bwa.tar.bz2 /tmp/bwa-${BWA_VER}; \
    apt-get purge -y --auto-remove gcc make libc6-dev curl; \
    rm -rf /var/lib/apt/lists/*

WORKDIR /data
ENTRYPOINT ["bwa"]
