FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends hashcat pocl-opencl-icd \
    && rm -rf /var/lib/apt/lists/*

# label: layer-archive
COPY rules.tar.gz /tmp

WORKDIR /opt/rules
RUN tar xzf /tmp/rules.tar.gz

# label: layer-rewrite
RUN chmod -R a+rX /opt/rules

ENTRYPOINT ["hashcat"]
