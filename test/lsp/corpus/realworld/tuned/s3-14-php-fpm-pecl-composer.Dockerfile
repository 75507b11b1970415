# Modelled on: php:*-fpm application images (docker-php-ext-install, pecl extensions, composer binary from the composer image)
FROM php:8.3-fpm-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libzip-dev libicu-dev unzip \
    && docker-php-ext-install -j"$(nproc)" intl zip pdo_mysql \
    && rm -rf /var/lib/apt/lists/*
# label: layer-cache, layer-deleted-later
RUN pecl install redis-6.0.2 && docker-php-ext-enable redis
RUN pecl install apcu-5.1.23 \
    && docker-php-ext-enable apcu \
    && rm -rf /tmp/pear
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY composer.json composer.lock ./
# label: layer-cache
RUN composer install --no-dev --no-scripts --prefer-dist --no-interaction
COPY . .
# label: layer-rewrite
RUN chown -R www-data:www-data storage bootstrap/cache
USER www-data
CMD ["php-fpm"]
