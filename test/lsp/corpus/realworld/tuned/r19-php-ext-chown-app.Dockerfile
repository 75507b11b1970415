FROM php:8.3-apache
# label: layer-cache
RUN apt-get update && apt-get install -y libicu-dev && docker-php-ext-install intl
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
COPY . /var/www/html
# label: layer-cache
RUN composer install --no-dev --optimize-autoloader
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html/var
