FROM php:8.3-apache
COPY . /var/www/html/
# label: layer-rewrite
RUN find /var/www/html -type f -name "*.php" -exec chmod 644 {} \;
