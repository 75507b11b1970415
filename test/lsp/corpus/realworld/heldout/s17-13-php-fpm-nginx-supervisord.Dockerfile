FROM php:8.2-fpm-bookworm
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
        nginx supervisor unzip libzip-dev libpng-dev \
    && docker-php-ext-install pdo_mysql zip gd
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
# label: layer-secret
COPY docker/composer-auth.json /root/.composer/auth.json
COPY docker/nginx/site.conf /etc/nginx/sites-available/default
COPY docker/supervisord.conf /etc/supervisor/conf.d/app.conf
WORKDIR /var/www/html
COPY . /var/www/html
# label: layer-cache
RUN composer install --no-dev --optimize-autoloader --no-interaction
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html
EXPOSE 80
CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisor/supervisord.conf"]
