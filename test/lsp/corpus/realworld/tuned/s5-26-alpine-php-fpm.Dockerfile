# Modelled on: Alpine images installing and configuring PHP-FPM from apk
FROM alpine:3.19
RUN apk add --no-cache php82 php82-fpm php82-pdo_pgsql \
    && sed -i 's/^listen = .*/listen = 0.0.0.0:9000/' /etc/php82/php-fpm.d/www.conf
# label: layer-cache
RUN apk update && apk add php82-opcache php82-mbstring
RUN mkdir -p /var/www/app && chown nobody:nobody /var/www/app
COPY --chown=nobody:nobody public/ /var/www/app/public/
USER nobody
EXPOSE 9000
CMD ["php-fpm82", "-F"]
