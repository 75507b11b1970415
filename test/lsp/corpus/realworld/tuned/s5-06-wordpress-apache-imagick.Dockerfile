# Modelled on: WordPress apache images building imagick via PECL and protecting wp-admin with basic auth
FROM wordpress:6.4-php8.1-apache
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libmagickwand-dev; \
    pecl install -o -f imagick-3.7.0; \
    docker-php-ext-enable imagick; \
    rm -rf /tmp/pear /var/lib/apt/lists/*
COPY config/php.ini /usr/local/etc/php/conf.d/zz-site.ini
COPY config/wp-admin-auth.conf /etc/apache2/conf-enabled/wp-admin-auth.conf
# label: layer-secret
COPY auth/.htpasswd /etc/apache2/.htpasswd
RUN a2enmod headers expires
