FROM php:8.3-fpm-alpine

RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS icu-dev libzip-dev libpng-dev \
 && docker-php-ext-install -j"$(nproc)" intl zip gd pdo_mysql opcache \
 && apk add --no-cache icu-libs libzip libpng \
 && apk del .build-deps

COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www/forum
COPY composer.json composer.lock ./
# label: layer-cache
RUN composer install --no-dev --no-scripts --prefer-dist --optimize-autoloader

COPY . .
# label: layer-secret
COPY docker/jwt/private.pem storage/jwt/private.pem
# label: layer-rewrite
RUN chown -R www-data:www-data storage

USER www-data
EXPOSE 9000
CMD ["php-fpm"]
