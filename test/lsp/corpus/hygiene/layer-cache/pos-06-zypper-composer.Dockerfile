FROM opensuse/leap:15.6
# expect: layer-cache zypper clean --all
RUN zypper --non-interactive install git-core
FROM composer:2 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
# expect: layer-cache composer install --no-cache
RUN composer install --no-dev --prefer-dist
