FROM httpd:2.4-bookworm

COPY ./public-html/ /usr/local/apache2/htdocs/
COPY ./conf/vhost.conf /usr/local/apache2/conf/extra/vhost.conf

RUN sed -i \
        -e '/LoadModule rewrite_module/s/^#//g' \
        -e '$a Include conf/extra/vhost.conf' \
        /usr/local/apache2/conf/httpd.conf

# basic auth for the staging area
# label: layer-secret
COPY ./conf/.htpasswd /usr/local/apache2/conf/.htpasswd

# label: layer-rewrite
RUN chown -R www-data:www-data /usr/local/apache2/htdocs

EXPOSE 80
