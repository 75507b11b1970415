# syntax=docker/dockerfile:1.7
FROM almalinux:8

RUN <<EOF
set -eux
dnf -y module enable php:8.2
dnf -y install --setopt=tsflags=nodocs php-fpm php-cli php-pgsql php-opcache php-zip unzip
sed -i 's/^listen = .*/listen = 9000/' /etc/php-fpm.d/www.conf
dnf clean all
rm -rf /var/cache/dnf
EOF

COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /var/www/app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --no-autoloader --no-cache

COPY . .
RUN composer dump-autoload --optimize --no-dev --classmap-authoritative

# label: layer-rewrite
RUN chown -R apache:apache storage bootstrap/cache

EXPOSE 9000
CMD ["php-fpm", "-F"]
