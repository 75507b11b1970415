FROM openresty/openresty:1.25.3.1-alpine-fat

# compilers only for building the rocks
# label: layer-cache, layer-deleted-later
RUN apk add --virtual .rocks-build git openssl-dev pcre-dev
RUN luarocks install lua-resty-jwt 0.2.3-0 \
    && luarocks install lua-resty-http \
    && rm -rf /root/.cache/luarocks
RUN apk del .rocks-build

COPY nginx/conf.d/ /etc/nginx/conf.d/
COPY lua/ /usr/local/openresty/site/lualib/gateway/
# label: layer-secret
COPY nginx/ssl/gateway.key /etc/nginx/ssl/
COPY nginx/ssl/gateway.crt /etc/nginx/ssl/
# label: layer-rewrite
RUN chmod 600 /etc/nginx/ssl/gateway.key

EXPOSE 443
CMD ["/usr/local/openresty/bin/openresty", "-g", "daemon off;"]
