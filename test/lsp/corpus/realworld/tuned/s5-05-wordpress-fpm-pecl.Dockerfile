# Modelled on: WordPress php-fpm images that add PECL extensions (redis, apcu)
FROM wordpress:6.4-php8.2-fpm
# label: layer-cache
RUN pecl install redis-6.0.2 apcu-5.1.23 && docker-php-ext-enable redis apcu
RUN docker-php-ext-install opcache
COPY php/uploads.ini /usr/local/etc/php/conf.d/uploads.ini
COPY --chown=www-data:www-data wp-content/themes/harbor /var/www/html/wp-content/themes/harbor
CMD ["php-fpm"]
