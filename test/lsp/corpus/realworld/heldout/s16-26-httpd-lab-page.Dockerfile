FROM httpd:2.4-alpine
COPY httpd.conf /usr/local/apache2/conf/httpd.conf
# label: layer-secret
COPY auth/.htpasswd /usr/local/apache2/conf/.htpasswd

# label: layer-archive
ADD https://example.com/themes/lab-theme-2.1.tar.gz /tmp/theme.tar.gz
RUN tar -xzf /tmp/theme.tar.gz -C /usr/local/apache2/htdocs

COPY public/ /usr/local/apache2/htdocs/
COPY reset-password.html /usr/local/apache2/htdocs/account/
