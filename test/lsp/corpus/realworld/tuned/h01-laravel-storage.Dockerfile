FROM php:8.2-fpm
RUN docker-php-ext-install pdo pdo_mysql
COPY . /var/www
WORKDIR /var/www
# label: layer-rewrite
RUN chmod -R 775 storage bootstrap/cache
# label: layer-rewrite
RUN chown -R www-data:www-data storage
