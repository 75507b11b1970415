FROM php:8.1-apache

# label: layer-cache
RUN apt-get update && apt-get install -y git zip unzip libzip-dev
RUN docker-php-ext-install pdo_mysql zip
RUN a2enmod rewrite

# point apache at /public
RUN sed -i 's!/var/www/html!/var/www/html/public!g' /etc/apache2/sites-available/000-default.conf

RUN curl -sS https://getcomposer.example.org/installer | php -- --install-dir=/usr/local/bin --filename=composer

WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev --optimize-autoloader \
    && composer clear-cache

# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html/storage
