FROM alpine:3.20

RUN set -eux; \
	addgroup -S -g 1000 svc; \
	adduser -S -D -H -u 1000 -h /var/lib/svc -s /sbin/nologin -G svc -g svc svc

RUN apk add --no-cache \
		bash \
		su-exec \
		tzdata

ENV SVC_VERSION 5.1.0
ENV SVC_URL https://downloads.example.org/svc-5.1.0.tar.gz

RUN set -eux; \
	\
	apk add --no-cache --virtual .build-deps \
		coreutils \
		gcc \
		linux-headers \
		make \
		musl-dev \
		openssl-dev \
	; \
	\
	wget -O svc.tar.gz "$SVC_URL"; \
	mkdir -p /usr/src/svc; \
	tar -xzf svc.tar.gz -C /usr/src/svc --strip-components=1; \
	rm svc.tar.gz; \
	\
	make -C /usr/src/svc -j "$(nproc)" all; \
	make -C /usr/src/svc install; \
	\
	rm -r /usr/src/svc; \
	\
	runDeps="$( \
		scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \
			| tr ',' '\n' \
			| sort -u \
			| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \
	)"; \
	apk add --no-network --virtual .svc-rundeps $runDeps; \
	apk del --no-network .build-deps; \
	\
	svc-server --version

RUN mkdir /data && chown svc:svc /data
VOLUME /data
WORKDIR /data

COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 7000
CMD ["svc-server"]
