FROM php:8.3-fpm

RUN set -eux; \
	\
	savedAptMark="$(apt-mark showmanual)"; \
	\
	apt-get update; \
	apt-get install -y --no-install-recommends \
		libfreetype6-dev \
		libjpeg-dev \
		libpng-dev \
		libzip-dev \
	; \
	\
	docker-php-ext-configure gd --with-freetype --with-jpeg; \
	docker-php-ext-install -j "$(nproc)" gd opcache zip; \
	\
	apt-mark auto '.*' > /dev/null; \
	apt-mark manual $savedAptMark; \
	ldd "$(php -r 'echo ini_get("extension_dir");')"/*.so \
		| awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\n", so }' \
		| sort -u \
		| xargs -r dpkg-query --search \
		| cut -d: -f1 \
		| sort -u \
		| xargs -rt apt-mark manual; \
	\
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
	rm -rf /var/lib/apt/lists/*

RUN { \
		echo 'opcache.memory_consumption=128'; \
		echo 'opcache.max_accelerated_files=4000'; \
	} > /usr/local/etc/php/conf.d/opcache-recommended.ini

ENV APP_VERSION 6.5.2
RUN set -eux; \
	curl -o app.tar.gz -fL "https://releases.example.org/app-${APP_VERSION}.tar.gz"; \
	tar -xzf app.tar.gz -C /usr/src/; \
	rm app.tar.gz; \
	chown -R www-data:www-data /usr/src/app

VOLUME /var/www/html
COPY --chown=www-data:www-data wp-config-docker.php /usr/src/app/
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["php-fpm"]
