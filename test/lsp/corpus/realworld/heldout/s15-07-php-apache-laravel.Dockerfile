FROM php:8.2-apache

RUN apt-get update && apt-get install -y \
        libzip-dev \
        unzip \
        git \
    && docker-php-ext-install zip pdo_mysql \
    && a2enmod rewrite \
    && rm -rf /var/lib/apt/lists/*

COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www/html
COPY . .

# label: layer-cache
RUN composer install --no-dev --optimize-autoloader --no-interaction

# label: layer-rewrite
RUN chown -R www-data:www-data storage

EXPOSE 80
