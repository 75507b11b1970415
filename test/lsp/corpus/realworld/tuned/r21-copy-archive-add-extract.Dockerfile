FROM alpine:3.20
ADD assets.tar.xz /srv/assets/
COPY static.zip /srv/
# label: layer-rewrite
RUN chmod -R a+rX /srv/assets
