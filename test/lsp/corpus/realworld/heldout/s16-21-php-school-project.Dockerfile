FROM php:8.2-apache
# label: layer-cache
RUN apt-get update && apt-get install -y libzip-dev unzip git \
    && docker-php-ext-install pdo_mysql zip
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www/html
COPY . .
# label: layer-cache
RUN composer install --no-dev --optimize-autoloader
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html/storage && a2enmod rewrite
EXPOSE 80
