FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps perl-dev make gcc musl-dev wget \
 && apk add --no-cache perl perl-app-cpanminus perl-dbd-pg \
 && cpanm --notest Mojolicious DBIx::Class \
 && rm -rf /root/.cpanm \
 && apk del .build-deps

WORKDIR /srv/tracker
COPY --chown=nobody:nobody . .
# label: layer-archive
ADD https://assets.example.com/tracker/static-2.1.tar.gz /srv/tracker/public/
RUN tar -xzf public/static-2.1.tar.gz -C public
# label: layer-rewrite
RUN chmod 640 /srv/tracker/tracker.conf
USER nobody
EXPOSE 3000
CMD ["perl", "script/tracker", "prefork"]
