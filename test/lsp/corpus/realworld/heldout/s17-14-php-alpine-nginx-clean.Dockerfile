# syntax=docker/dockerfile:1
FROM composer:2 AS vendor
ENV COMPOSER_CACHE_DIR=/tmp/composer-cache
WORKDIR /app
COPY composer.json composer.lock ./
RUN --mount=type=cache,target=/tmp/composer-cache \
    composer install --no-dev --no-scripts --prefer-dist --no-progress

FROM php:8.3-fpm-alpine
RUN apk add --no-cache nginx supervisor \
    && mkdir -p /run/nginx
COPY --chown=nobody docker/nginx.conf /etc/nginx/nginx.conf
COPY --chown=nobody docker/fpm-pool.conf /usr/local/etc/php-fpm.d/www.conf
# the base image's pool override is not wanted here
RUN rm /usr/local/etc/php-fpm.d/zz-docker.conf
COPY docker/supervisord.conf /etc/supervisord.conf
WORKDIR /var/www/html
COPY --chown=nobody --from=vendor /app/vendor ./vendor
COPY --chown=nobody . .
USER nobody
EXPOSE 8080
HEALTHCHECK --timeout=5s CMD wget -qO- http://127.0.0.1:8080/fpm-ping || exit 1
CMD ["/usr/bin/supervisord", "-c", "/etc/supervisord.conf"]
