# Modelled on: PHP CLI tool images on alpine (PHPIZE_DEPS virtual package, pecl extension, composer global tools in a temporary home)
FROM php:8.2-cli-alpine
# label: layer-cache
RUN apk add --update --virtual .phpize $PHPIZE_DEPS linux-headers \
    && pecl install pcov-1.0.11 \
    && docker-php-ext-enable pcov \
    && apk del .phpize \
    && rm -rf /tmp/pear
COPY --from=composer:2.7 /usr/bin/composer /usr/local/bin/composer
RUN COMPOSER_HOME=/tmp/composer composer global require --no-interaction phpstan/phpstan:1.11.0 \
    && mv /tmp/composer/vendor /opt/php-tools \
    && rm -rf /tmp/composer
ENV PATH=/opt/php-tools/bin:$PATH
WORKDIR /app
ENTRYPOINT ["phpstan"]
