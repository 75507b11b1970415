FROM alpine:3.20
# label: layer-deleted-later
RUN apk add --no-cache --virtual .build-deps gcc make musl-dev linux-headers
# label: layer-archive, layer-deleted-later
ADD https://example.org/releases/pkgtool-2.4.tar.gz /tmp/
# the archive's top folder, extracted into /usr/src and removed whole two RUNs later
# label: layer-deleted-later
RUN tar -xzf /tmp/pkgtool-2.4.tar.gz -C /usr/src
WORKDIR /usr/src/pkgtool-2.4
# label: layer-deleted-later
RUN ./configure --prefix=/usr/local && make && make install
RUN apk del .build-deps
RUN cd / && rm -rf /usr/src/pkgtool-2.4 /tmp/pkgtool-2.4.tar.gz
CMD ["pkgtool", "--serve"]
