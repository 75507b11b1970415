FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends apache2 libcgi-pm-perl libdbi-perl cpanminus make \
    && rm -rf /var/lib/apt/lists/* \
    && a2enmod cgid
# label: layer-deleted-later
COPY cpanfile /tmp/cpanfile
RUN cpanm --notest --installdeps /tmp && rm -rf /root/.cpanm /tmp/cpanfile
COPY cgi-bin/ /usr/lib/cgi-bin/
# label: layer-rewrite
RUN chmod 755 /usr/lib/cgi-bin/*.pl
COPY apache/guestbook.conf /etc/apache2/conf-enabled/guestbook.conf
# label: layer-secret
COPY apache/.htpasswd /etc/apache2/.htpasswd
EXPOSE 80
CMD ["apachectl", "-D", "FOREGROUND"]
