FROM rockylinux:9

RUN dnf install -y httpd mod_ssl && dnf clean all

# label: layer-rewrite
RUN chown apache:apache /etc/httpd/conf/httpd.conf

ARG EXPORTER_VERSION=1.8.1
ENV EXPORTER_URL=https://example.com/exporter/v${EXPORTER_VERSION}/stat_exporter-${EXPORTER_VERSION}.linux-amd64.tar.gz
WORKDIR /opt
# label: layer-archive
RUN curl -LO ${EXPORTER_URL} \
    && tar xvfz stat_exporter-${EXPORTER_VERSION}.linux-amd64.tar.gz

COPY site/ /var/www/html/
EXPOSE 80 9117
CMD ["httpd", "-DFOREGROUND"]
