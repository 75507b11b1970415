FROM alpine:3.20
RUN apk add --no-cache unzip
# label: layer-archive
COPY static.zip /srv/
RUN unzip /srv/static.zip -d /srv/static
