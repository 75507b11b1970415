FROM php:8.2-apache

RUN apt-get update && apt-get install -y \
        libpng-dev libzip-dev libicu-dev libxml2-dev \
    && docker-php-ext-install gd zip intl soap mysqli opcache \
    && rm -rf /var/lib/apt/lists/*

ARG MOODLE_URL=https://download.example.org/moodle/moodle-4.3.2.tgz
# label: layer-archive, layer-deleted-later
ADD ${MOODLE_URL} /tmp/moodle.tgz
RUN tar -xzf /tmp/moodle.tgz -C /var/www/html --strip-components=1 \
    && rm /tmp/moodle.tgz

# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/html

RUN mkdir /var/moodledata \
    && chown www-data:www-data /var/moodledata \
    && chmod 0777 /var/moodledata

COPY moodle-php.ini /usr/local/etc/php/conf.d/moodle.ini
EXPOSE 80
