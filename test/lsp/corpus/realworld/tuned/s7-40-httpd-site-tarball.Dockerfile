FROM httpd:2.4-alpine

COPY conf/httpd.conf /usr/local/apache2/conf/httpd.conf

# the release pipeline hands us one tarball per site
# label: layer-archive, layer-deleted-later
COPY dist/site.tar.gz /usr/local/apache2/htdocs
RUN cd /usr/local/apache2/htdocs \
    && rm -f index.html \
    && tar -xzf site.tar.gz \
    && rm site.tar.gz

# local tarballs are unpacked by ADD itself
ADD dist/handbook.tar.gz /usr/local/apache2/htdocs/handbook/

EXPOSE 80
