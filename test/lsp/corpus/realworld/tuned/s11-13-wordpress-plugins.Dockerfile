FROM wordpress:6.4-apache

# tools
# label: layer-cache
RUN apt-get update && apt-get install -y unzip

# download plugins
WORKDIR /tmp/plugins
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://downloads.example.org/plugin/contact-forms.5.8.zip
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://downloads.example.org/plugin/seo-toolkit.21.4.zip

# unzip and install
RUN unzip -q './*.zip' -d /usr/src/wordpress/wp-content/plugins

# clean up
RUN apt-get clean
RUN rm -rf /tmp/plugins

# label: layer-rewrite
RUN chown -R www-data:www-data /usr/src/wordpress/wp-content
WORKDIR /var/www/html
