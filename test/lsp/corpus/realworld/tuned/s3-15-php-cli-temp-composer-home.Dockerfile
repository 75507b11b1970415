# Modelled on: PHP CLI tool images (php:*-cli-alpine) that run composer with a throwaway COMPOSER_HOME
FROM php:8.2-cli-alpine
RUN apk add --no-cache git unzip icu-libs
COPY --from=composer:2.7 /usr/bin/composer /usr/local/bin/composer
WORKDIR /opt/migrator
# label: layer-deleted-later
COPY . .
RUN export COMPOSER_HOME="$(mktemp -d)" \
    && composer install --no-dev --no-interaction --prefer-dist --optimize-autoloader \
    && rm -rf "$COMPOSER_HOME"
RUN rm -rf tests .github phpunit.xml.dist
ENTRYPOINT ["php", "/opt/migrator/bin/migrate"]
