FROM debian:bookworm

ARG KV_VERSION=7.2.5

# label: layer-cache
RUN apt-get update && apt-get install -y build-essential git pkg-config libssl-dev tcl

WORKDIR /usr/src
# label: layer-deleted-later
RUN git clone --depth 1 --branch ${KV_VERSION} https://git.example.org/kvstore/kvstore.git

WORKDIR /usr/src/kvstore
# label: layer-deleted-later
RUN make -j"$(nproc)" BUILD_TLS=yes && make install PREFIX=/usr/local

RUN make distclean && rm -rf /usr/src/kvstore/.git

RUN groupadd -r kv && useradd -r -g kv kv && mkdir -p /data && chown kv:kv /data
# label: layer-secret
COPY tls/kv-server.key /etc/kv/tls/
COPY tls/kv-server.crt tls/ca.crt /etc/kv/tls/
WORKDIR /data
USER kv
EXPOSE 6379
CMD ["kv-server", "--protected-mode", "no"]
