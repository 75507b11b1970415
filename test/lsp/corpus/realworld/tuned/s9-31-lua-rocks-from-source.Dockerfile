FROM debian:bookworm-slim
ARG LUAROCKS_VERSION=3.11.0

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential lua5.4 liblua5.4-dev curl ca-certificates unzip \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "https://luarocks.example.org/releases/luarocks-${LUAROCKS_VERSION}.tar.gz" \
    && tar zxpf luarocks-${LUAROCKS_VERSION}.tar.gz
# label: layer-deleted-later
RUN cd luarocks-${LUAROCKS_VERSION} \
    && ./configure --with-lua-include=/usr/include/lua5.4 \
    && make \
    && make install
RUN rm -rf /usr/src/luarocks-${LUAROCKS_VERSION} /usr/src/luarocks-${LUAROCKS_VERSION}.tar.gz

RUN luarocks install lpeg \
    && luarocks install dkjson \
    && rm -rf /root/.cache/luarocks

COPY . /srv/app
# label: layer-rewrite
RUN find /srv/app -name '*.lua' -exec chmod 644 {} +
WORKDIR /srv/app
CMD ["lua5.4", "main.lua"]
