FROM debian:bookworm-slim

ENV LANG=C.UTF-8
ENV TOOL_VERSION=2.7.1
ENV TOOL_SHA256=0000000000000000000000000000000000000000000000000000000000000000

RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		ca-certificates \
		netbase \
		tzdata \
	; \
	rm -rf /var/lib/apt/lists/*

RUN set -eux; \
	\
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		dpkg-dev \
		gcc \
		libc6-dev \
		libssl-dev \
		make \
		wget \
	; \
	\
	wget -O tool.tar.gz "https://downloads.example.org/tool/tool-$TOOL_VERSION.tar.gz"; \
	echo "$TOOL_SHA256 *tool.tar.gz" | sha256sum -c -; \
	mkdir -p /usr/src/tool; \
	tar --extract --directory /usr/src/tool --strip-components=1 --file tool.tar.gz; \
	rm tool.tar.gz; \
	\
	cd /usr/src/tool; \
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \
	./configure --build="$gnuArch" --prefix=/usr/local; \
	make -j "$(nproc)"; \
	make install; \
	cd /; \
	rm -rf /usr/src/tool; \
	\
	apt-mark auto '.*' > /dev/null; \
	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
	find /usr/local -type f -executable -exec ldd '{}' ';' \
		| awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\n", so }' \
		| sort -u \
		| xargs -r dpkg-query --search \
		| cut -d: -f1 \
		| sort -u \
		| xargs -r apt-mark manual \
	; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
	rm -rf /var/lib/apt/lists/*; \
	\
	tool --version

COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["tool"]
