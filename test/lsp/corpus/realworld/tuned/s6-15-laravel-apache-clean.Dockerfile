FROM php:8.2-apache

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libicu-dev libzip-dev; \
    docker-php-ext-configure intl; \
    docker-php-ext-install -j"$(nproc)" intl zip pdo_mysql opcache; \
    rm -rf /var/lib/apt/lists/*

RUN pecl install apcu-5.1.23 \
    && docker-php-ext-enable apcu \
    && rm -rf /tmp/pear

ENV APACHE_DOCUMENT_ROOT=/var/www/html/public
RUN a2enmod rewrite headers \
    && sed -ri -e 's!/var/www/html!${APACHE_DOCUMENT_ROOT}!g' /etc/apache2/sites-available/*.conf \
    && mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"

COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer

WORKDIR /var/www/html
COPY --chown=www-data:www-data . /var/www/html

RUN COMPOSER_HOME=/tmp/composer-home composer install \
        --no-dev --prefer-dist --no-interaction --optimize-autoloader \
    && rm -rf /tmp/composer-home

EXPOSE 80
