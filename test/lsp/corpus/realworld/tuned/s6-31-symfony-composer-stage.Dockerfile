FROM composer:2.7 AS vendor
WORKDIR /app
COPY composer.json composer.lock symfony.lock ./
# label: layer-cache
RUN composer install \
    --no-dev \
    --no-scripts \
    --no-autoloader \
    --prefer-dist \
    --no-interaction
COPY . .
RUN composer dump-autoload --classmap-authoritative --no-dev

FROM php:8.3-fpm-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev libicu-dev \
    && docker-php-ext-install -j"$(nproc)" pdo_pgsql intl opcache \
    && rm -rf /var/lib/apt/lists/*
RUN mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"
COPY docker/php/opcache.ini "$PHP_INI_DIR/conf.d/10-opcache.ini"
WORKDIR /var/www/app
COPY --from=vendor /app /var/www/app
RUN mkdir -p /var/run/php-app && chown www-data:www-data /var/run/php-app
USER www-data
CMD ["php-fpm"]
