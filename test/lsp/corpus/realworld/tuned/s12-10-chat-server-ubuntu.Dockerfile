FROM ubuntu:jammy

ARG PUID=2000
ARG PGID=2000
ARG CHAT_VERSION=9.8.1
ARG CHAT_PACKAGE=https://releases.example.com/chatterbox/${CHAT_VERSION}/chatterbox-${CHAT_VERSION}-linux-amd64.tar.gz

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y \
      ca-certificates curl media-types unrtf wv poppler-utils tidy tzdata \
 && rm -rf /var/lib/apt/lists/*

# Server tarball straight into /chatterbox
# label: layer-deleted-later
RUN mkdir -p /chatterbox/data \
 && curl -fL "$CHAT_PACKAGE" | tar -xz -C /chatterbox --strip-components=1

# we ship our own plugin set
RUN rm -rf /chatterbox/prepackaged_plugins

RUN groupadd --gid ${PGID} chat \
 && useradd --uid ${PUID} --gid ${PGID} --comment "" --home-dir /chatterbox chat
# label: layer-rewrite
RUN chown -R chat:chat /chatterbox

USER chat
WORKDIR /chatterbox
ENV PATH="/chatterbox/bin:${PATH}"
EXPOSE 8065 8067 8074 8075
VOLUME ["/chatterbox/data", "/chatterbox/logs", "/chatterbox/config", "/chatterbox/plugins"]
CMD ["chatterbox"]
