FROM composer:2 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
# label: layer-cache
RUN composer install --no-dev --no-scripts --prefer-dist --no-interaction

FROM node:20-alpine AS assets
WORKDIR /app
COPY package.json package-lock.json ./
# label: layer-cache
RUN npm ci
COPY resources ./resources
COPY vite.config.js ./
RUN npm run build

FROM php:8.3-fpm-alpine
RUN apk add --no-cache libzip-dev \
    && docker-php-ext-install pdo_mysql zip

WORKDIR /var/www
COPY --chown=www-data:www-data artisan composer.json ./
COPY --chown=www-data:www-data app ./app
COPY --chown=www-data:www-data bootstrap ./bootstrap
COPY --chown=www-data:www-data config ./config
COPY --chown=www-data:www-data database ./database
COPY --chown=www-data:www-data public ./public
COPY --chown=www-data:www-data resources ./resources
COPY --chown=www-data:www-data routes ./routes
COPY --chown=www-data:www-data storage ./storage
COPY --from=vendor --chown=www-data:www-data /app/vendor ./vendor
COPY --from=assets --chown=www-data:www-data /app/public/build ./public/build
# label: layer-secret
COPY --chown=www-data:www-data .env.production .env

RUN php artisan config:cache && php artisan route:cache
# label: layer-rewrite
RUN chmod -R 775 storage bootstrap/cache

USER www-data
CMD ["php-fpm"]
