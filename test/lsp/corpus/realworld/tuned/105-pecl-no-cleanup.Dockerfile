FROM php:8.3-fpm-bookworm
# label: layer-cache
RUN pecl install redis-6.0.2 && docker-php-ext-enable redis
