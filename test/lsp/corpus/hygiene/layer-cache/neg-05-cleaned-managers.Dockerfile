FROM node:20
WORKDIR /app
RUN npm ci && npm cache clean --force
RUN yarn install --frozen-lockfile && yarn cache clean
FROM fedora:40
RUN dnf install -y gcc && dnf clean all
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean -a
FROM composer:2
RUN composer install --no-cache --no-dev
RUN composer require monolog/monolog && composer clear-cache
