FROM alpine:3.19

ENV HAPROXY_VERSION=2.9.6 \
    HAPROXY_URL=https://www.example.org/download/2.9/src/haproxy-2.9.6.tar.gz \
    LUA_VERSION=5.4.6 \
    FRONT_PORT=8443

# see the Debian packaging rules for the make variables
RUN set -eux; \
    apk add --no-cache --virtual .build-deps \
        gcc libc-dev linux-headers make openssl-dev pcre2-dev readline-dev tar zlib-dev \
    ; \
    wget -O lua.tar.gz "https://lua.example.org/ftp/lua-${LUA_VERSION}.tar.gz"; \
    mkdir -p /usr/src/lua; \
    tar -xzf lua.tar.gz -C /usr/src/lua --strip-components=1; \
    rm lua.tar.gz; \
    make -C /usr/src/lua -j "$(nproc)" linux; \
    make -C /usr/src/lua install INSTALL_TOP=/opt/lua; \
    \
    wget -O haproxy.tar.gz "$HAPROXY_URL"; \
    mkdir -p /usr/src/haproxy; \
    tar -xzf haproxy.tar.gz -C /usr/src/haproxy --strip-components=1; \
    rm haproxy.tar.gz; \
    make -C /usr/src/haproxy -j "$(nproc)" all \
        TARGET=linux-musl USE_OPENSSL=1 USE_PCRE2=1 USE_ZLIB=1 \
        USE_LUA=1 LUA_INC=/opt/lua/include LUA_LIB=/opt/lua/lib; \
    make -C /usr/src/haproxy install-bin install-man; \
    mkdir -p /usr/local/etc/haproxy; \
    cp -R /usr/src/haproxy/examples/errorfiles /usr/local/etc/haproxy/errors; \
    rm -rf /usr/src/haproxy /usr/src/lua /opt/lua/include; \
    \
    runDeps="$(scanelf --needed --nobanner --format '%n#p' --recursive /usr/local | tr ',' '\n' | sort -u | awk '{ print "so:" $1 }')"; \
    apk add --no-network --virtual .haproxy-rundeps $runDeps; \
    apk del --no-network .build-deps; \
    haproxy -v

RUN addgroup -S haproxy && adduser -S -D -H -G haproxy -h /var/lib/haproxy haproxy \
    && mkdir -p /var/lib/haproxy && chown haproxy:haproxy /var/lib/haproxy

COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg
COPY lua/ /usr/local/etc/haproxy/lua/
# label: layer-rewrite
RUN sed -i "s/__FRONT_PORT__/${FRONT_PORT}/g" /usr/local/etc/haproxy/haproxy.cfg

COPY tls/edge.example.com.crt /etc/ssl/certs/
# label: layer-secret
COPY tls/edge.example.com.key /etc/ssl/private/

USER haproxy
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
