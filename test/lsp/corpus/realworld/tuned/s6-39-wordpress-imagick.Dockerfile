FROM php:8.2-apache

ENV WORDPRESS_VERSION=6.5.5
ENV WORDPRESS_SHA1=3b7d5f9ac4d9e1e0f7ae0c1dd6a6d2b46c3a0f18

# label: layer-cache
RUN set -ex; \
    apt-get update; \
    apt-get install -y --no-install-recommends libmagickwand-dev libzip-dev libjpeg-dev libpng-dev; \
    pecl install imagick-3.7.0; \
    docker-php-ext-enable imagick; \
    docker-php-ext-configure gd --with-jpeg; \
    docker-php-ext-install -j "$(nproc)" gd mysqli zip; \
    rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    curl -o wordpress.tar.gz -fL "https://wordpress.example.org/wordpress-${WORDPRESS_VERSION}.tar.gz"; \
    echo "$WORDPRESS_SHA1 *wordpress.tar.gz" | sha1sum -c -; \
    tar -xzf wordpress.tar.gz -C /usr/src/; \
    rm wordpress.tar.gz; \
    mkdir -p /usr/src/wordpress/wp-content/uploads /usr/src/wordpress/wp-content/cache; \
    chown -R www-data:www-data /usr/src/wordpress

COPY --chown=www-data:www-data wp-config-docker.php /usr/src/wordpress/wp-config.php
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/

VOLUME /var/www/html
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["apache2-foreground"]
