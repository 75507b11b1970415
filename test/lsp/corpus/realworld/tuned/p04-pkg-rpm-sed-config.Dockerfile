FROM registry.example.com/ubi9/ubi-minimal:9.4
# label: layer-cache
RUN microdnf install -y httpd mod_ssl
# the package's own config files, edited in place one RUN later
# label: layer-rewrite
RUN sed -i 's/^Listen 80$/Listen 8080/' /etc/httpd/conf/httpd.conf \
 && sed -i 's/^Listen 443 /Listen 8443 /' /etc/httpd/conf.d/ssl.conf \
 && chgrp -R 0 /var/log/httpd /run/httpd \
 && chmod -R g=u /var/log/httpd /run/httpd
USER 1001
CMD ["httpd", "-DFOREGROUND"]
