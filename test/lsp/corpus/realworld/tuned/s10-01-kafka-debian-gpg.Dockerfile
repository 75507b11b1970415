FROM debian:bookworm-slim

ARG KAFKA_VERSION=3.7.1
ARG SCALA_VERSION=2.13
ENV KAFKA_HOME=/opt/kafka \
    KAFKA_DIST=kafka_${SCALA_VERSION}-${KAFKA_VERSION} \
    PATH=/opt/kafka/bin:$PATH

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates curl gnupg dirmngr; \
    rm -rf /var/lib/apt/lists/*

# fetch, verify and unpack in one step so the tarball never lands in a layer
RUN set -eux; \
    cd /tmp; \
    curl -fsSLO "https://downloads.example.org/kafka/${KAFKA_VERSION}/${KAFKA_DIST}.tgz"; \
    curl -fsSLO "https://downloads.example.org/kafka/${KAFKA_VERSION}/${KAFKA_DIST}.tgz.asc"; \
    curl -fsSL -o KEYS https://downloads.example.org/kafka/KEYS; \
    export GNUPGHOME="$(mktemp -d)"; \
    gpg --batch --import KEYS; \
    gpg --batch --verify "${KAFKA_DIST}.tgz.asc" "${KAFKA_DIST}.tgz"; \
    mkdir -p "$KAFKA_HOME"; \
    tar -xzf "${KAFKA_DIST}.tgz" -C "$KAFKA_HOME" --strip-components=1; \
    rm -rf "$GNUPGHOME" KEYS "${KAFKA_DIST}.tgz" "${KAFKA_DIST}.tgz.asc"; \
    groupadd -r kafka; \
    useradd -r -g kafka -d "$KAFKA_HOME" kafka; \
    mkdir -p /var/lib/kafka/data; \
    chown -R kafka:kafka "$KAFKA_HOME" /var/lib/kafka

COPY server.properties /opt/kafka/config/

# point the log dirs at the volume
# label: layer-rewrite
RUN sed -i 's|^log.dirs=.*|log.dirs=/var/lib/kafka/data|' /opt/kafka/config/server.properties

USER kafka
VOLUME /var/lib/kafka/data
EXPOSE 9092
CMD ["kafka-server-start.sh", "/opt/kafka/config/server.properties"]
