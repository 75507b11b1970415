# Modelled on: nginx images compiling a third-party dynamic module against the matching nginx source (--with-compat)
FROM nginx:1.25.4 AS modbuild
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpcre3-dev zlib1g-dev libssl-dev wget ca-certificates
WORKDIR /usr/src
RUN wget -q "https://nginx.example.org/download/nginx-${NGINX_VERSION}.tar.gz" \
    && tar -xzf "nginx-${NGINX_VERSION}.tar.gz" \
    && rm "nginx-${NGINX_VERSION}.tar.gz"
COPY ngx_http_geoecho_module /usr/src/ngx_http_geoecho_module
RUN cd "nginx-${NGINX_VERSION}" \
    && ./configure --with-compat --add-dynamic-module=/usr/src/ngx_http_geoecho_module \
    && make modules

FROM nginx:1.25.4
COPY --from=modbuild /usr/src/nginx-1.25.4/objs/ngx_http_geoecho_module.so /etc/nginx/modules/
RUN sed -i '1i load_module modules/ngx_http_geoecho_module.so;' /etc/nginx/nginx.conf
COPY conf.d/site.conf /etc/nginx/conf.d/default.conf
