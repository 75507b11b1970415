# Modelled on: nginx reverse-proxy images that bake TLS material and an internal CA into the image
FROM nginx:1.27-bookworm
RUN rm /etc/nginx/conf.d/default.conf
COPY conf/proxy.conf /etc/nginx/conf.d/proxy.conf
COPY tls/fullchain.pem /etc/nginx/tls/fullchain.pem
# label: layer-secret
COPY tls/privkey.pem /etc/nginx/tls/privkey.pem
COPY tls/internal-ca.crt /usr/local/share/ca-certificates/internal-ca.crt
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && update-ca-certificates \
    && rm -rf /var/lib/apt/lists/*
ARG UPSTREAM=app:8080
# label: layer-rewrite
RUN sed -i "s/__UPSTREAM__/${UPSTREAM}/" /etc/nginx/conf.d/proxy.conf
EXPOSE 443
