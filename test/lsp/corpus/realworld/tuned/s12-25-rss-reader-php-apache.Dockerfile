FROM debian:12-slim

ENV TZ=UTC
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

RUN apt-get update && \
    apt-get install --no-install-recommends -y \
      apache2 libapache2-mod-php \
      php-curl php-gmp php-intl php-mbstring php-xml php-zip \
      php-sqlite3 php-mysql php-pgsql \
      ca-certificates cron curl unzip && \
    rm -rf /var/lib/apt/lists/*

ARG READER_VERSION=1.24.1
WORKDIR /var/www
# label: layer-archive
RUN curl -fsSL -o reader.zip "https://code.example.org/feedstack/archive/${READER_VERSION}.zip" \
 && unzip -q reader.zip \
 && mv "feedstack-${READER_VERSION}" feedstack \
 && mv reader.zip /tmp/

# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/feedstack

# label: layer-secret
COPY config/oauth-credentials.json /var/www/feedstack/data/

COPY apache/feedstack.conf /etc/apache2/sites-available/
RUN a2dissite 000-default && a2ensite feedstack && a2enmod rewrite headers

EXPOSE 80
CMD ["apachectl", "-D", "FOREGROUND"]
