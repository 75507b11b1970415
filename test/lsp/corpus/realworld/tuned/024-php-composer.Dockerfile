FROM php:8.3-fpm
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY composer.json composer.lock ./
# label: layer-cache
RUN composer install --no-dev --prefer-dist --no-scripts
COPY . .
