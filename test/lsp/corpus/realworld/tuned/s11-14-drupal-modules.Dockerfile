FROM drupal:10-apache

RUN apt-get update \
    && apt-get install -y --no-install-recommends git unzip \
    && rm -rf /var/lib/apt/lists/*

COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer

WORKDIR /opt/drupal
RUN COMPOSER_CACHE_DIR=/tmp/composer-cache composer require --no-interaction \
        drupal/admin_toolbar drupal/pathauto drupal/token \
    && rm -rf /tmp/composer-cache

COPY config/sync /opt/drupal/config/sync
# label: layer-rewrite
RUN chown -R www-data:www-data /opt/drupal/config

COPY --chown=www-data:www-data themes/custom /opt/drupal/web/themes/custom
