# Modelled on: WordPress/PrestaShop derivatives that reset permissions with find -type d / -type f (willy-dorique-francelink/wordpress-FLK, fkochanowski/be-presta)
FROM wordpress:6.5-php8.2-apache
USER root
WORKDIR /var/www/html
COPY --chown=www-data:www-data wp-content/themes/harbor/ ./wp-content/themes/harbor/
COPY wp-content/plugins/ledger/ ./wp-content/plugins/ledger/
RUN find /var/www/html/wp-content -type d -exec chmod 0755 {} \;
# label: layer-rewrite
RUN find /var/www/html/wp-content/plugins -type f -exec chmod 644 {} \;
RUN mkdir -p /var/www/html/wp-content/uploads && chown www-data:www-data /var/www/html/wp-content/uploads
USER www-data
