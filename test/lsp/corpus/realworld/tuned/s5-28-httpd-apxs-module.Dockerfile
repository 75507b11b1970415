# Modelled on: httpd images building an Apache module with apxs, build tools purged afterwards
FROM httpd:2.4-bookworm
# label: layer-deleted-later
RUN apt-get update \
    && apt-get install -y --no-install-recommends apache2-dev gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY mod_tracehdr/ /usr/src/mod_tracehdr/
RUN cd /usr/src/mod_tracehdr \
    && apxs -c mod_tracehdr.c \
    && cp .libs/mod_tracehdr.so /usr/local/apache2/modules/
RUN apt-get purge -y --auto-remove apache2-dev gcc libc6-dev
RUN echo 'LoadModule tracehdr_module modules/mod_tracehdr.so' >> /usr/local/apache2/conf/httpd.conf
