FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /app
COPY . .
RUN export COMPOSER_HOME="$(mktemp -d)" \
    && composer install --no-dev --no-interaction \
    && rm -rf "$COMPOSER_HOME"
