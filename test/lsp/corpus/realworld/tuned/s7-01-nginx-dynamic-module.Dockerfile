# syntax=docker/dockerfile:1
# Builds the headers-more filter as a dynamic module against the exact nginx
# version of the runtime image, then drops only the .so into the final image.
ARG NGINX_VERSION=1.25.4
FROM nginx:${NGINX_VERSION}-alpine AS modules
ARG NGINX_VERSION
ARG HEADERS_MORE_REF=v0.37

WORKDIR /usr/src
RUN apk add --no-cache --virtual .module-build-deps \
        gcc \
        git \
        libc-dev \
        linux-headers \
        make \
        openssl-dev \
        pcre2-dev \
        zlib-dev

RUN wget -qO- "https://nginx.example.org/download/nginx-${NGINX_VERSION}.tar.gz" | tar -xz

RUN git clone --depth 1 --branch "${HEADERS_MORE_REF}" \
        https://git.example.com/mirrors/headers-more-nginx-module.git headers-more

RUN cd "nginx-${NGINX_VERSION}" \
    && ./configure --with-compat --add-dynamic-module=../headers-more \
    && make modules

FROM nginx:${NGINX_VERSION}-alpine
ARG NGINX_VERSION
# the stock server block is replaced by ours below
RUN rm /etc/nginx/conf.d/default.conf
COPY --from=modules /usr/src/nginx-${NGINX_VERSION}/objs/ngx_http_headers_more_filter_module.so /usr/lib/nginx/modules/
COPY nginx.conf /etc/nginx/nginx.conf
COPY conf.d/ /etc/nginx/conf.d/
EXPOSE 8080
STOPSIGNAL SIGQUIT
