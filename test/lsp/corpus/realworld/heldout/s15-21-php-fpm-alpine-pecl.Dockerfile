FROM php:8.3-fpm-alpine

RUN set -eux; \
    apk add --no-cache --virtual .build-deps $PHPIZE_DEPS; \
    pecl install redis-6.0.2; \
    docker-php-ext-enable redis; \
    rm -rf /tmp/pear; \
    apk del .build-deps

RUN apk add --no-cache icu-libs libzip \
    && apk add --no-cache --virtual .ext-deps icu-dev libzip-dev \
    && docker-php-ext-install intl zip opcache \
    && apk del .ext-deps

# dev image only
# label: layer-cache
RUN apk add --no-cache --virtual .xdebug-deps $PHPIZE_DEPS linux-headers \
    && pecl install xdebug \
    && docker-php-ext-enable xdebug \
    && apk del .xdebug-deps

COPY docker/php.ini "$PHP_INI_DIR/conf.d/99-app.ini"
WORKDIR /var/www
