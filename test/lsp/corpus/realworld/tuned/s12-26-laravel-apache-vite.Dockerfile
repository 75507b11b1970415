FROM node:20-alpine AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY resources ./resources
COPY vite.config.js ./
RUN npm run build

FROM php:8.3-apache-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libzip-dev libicu-dev unzip \
 && docker-php-ext-install zip intl pdo_mysql \
 && rm -rf /var/lib/apt/lists/* \
 && a2enmod rewrite

COPY --from=composer:2.7 /usr/bin/composer /usr/local/bin/composer
ENV APACHE_DOCUMENT_ROOT=/var/www/html/public
WORKDIR /var/www/html
COPY . .
# throwaway composer home: its cache goes with it
RUN COMPOSER_HOME=/tmp/composer-home composer install --no-dev --optimize-autoloader --no-interaction \
 && rm -rf /tmp/composer-home
COPY --from=assets /app/public/build ./public/build
# label: layer-rewrite
RUN chown -R www-data:www-data storage bootstrap/cache
EXPOSE 80
