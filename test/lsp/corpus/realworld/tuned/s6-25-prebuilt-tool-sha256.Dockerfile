FROM debian:bookworm

ARG TOOL_VERSION=0.48.1

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates wget \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt

# label: layer-archive, layer-deleted-later
RUN wget -q "https://downloads.example.org/syncd/v${TOOL_VERSION}/syncd-${TOOL_VERSION}-linux-x64.tar.gz" \
    && wget -q "https://downloads.example.org/syncd/v${TOOL_VERSION}/syncd-${TOOL_VERSION}-linux-x64.tar.gz.sha256" \
    && sha256sum -c "syncd-${TOOL_VERSION}-linux-x64.tar.gz.sha256" \
    && tar xzf "syncd-${TOOL_VERSION}-linux-x64.tar.gz"

RUN rm "syncd-${TOOL_VERSION}-linux-x64.tar.gz" "syncd-${TOOL_VERSION}-linux-x64.tar.gz.sha256" \
    && rm -rf "/opt/syncd-${TOOL_VERSION}-linux-x64/docs"

# label: layer-rewrite
RUN chown -R root:root "/opt/syncd-${TOOL_VERSION}-linux-x64" \
    && ln -s "/opt/syncd-${TOOL_VERSION}-linux-x64/bin/syncd" /usr/local/bin/syncd

ENTRYPOINT ["syncd"]
