FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /app
COPY composer.* ./
RUN COMPOSER_HOME=/tmp/composer composer install --no-dev && rm -rf /tmp/composer
