# Modelled on: Laravel/Symfony application images on php:fpm (docker-php-ext-install, pecl extensions, composer copied from its image)
FROM php:8.3-fpm-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libzip-dev libicu-dev unzip \
    && docker-php-ext-install intl zip pdo_mysql \
    && rm -rf /var/lib/apt/lists/*
# label: layer-cache, layer-deleted-later
RUN pecl install redis-6.0.2 apcu-5.1.23 && docker-php-ext-enable redis apcu
RUN pecl install xdebug-3.3.1 && docker-php-ext-enable xdebug && rm -rf /tmp/pear
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY composer.json composer.lock ./
# label: layer-cache
RUN composer install --no-dev --no-scripts --prefer-dist --optimize-autoloader
COPY . .
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html/storage /var/www/html/bootstrap/cache
USER www-data
