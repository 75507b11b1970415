FROM debian:bookworm-slim
COPY bin/server /usr/local/bin/server
# expect: layer-rewrite `strip` on `/usr/local/bin/server`
RUN strip /usr/local/bin/server
COPY www/ /var/www/site/
# expect: layer-rewrite find -exec chmod
RUN find /var/www/site -type f -name '*.html' -exec chmod 644 {} +
COPY crontab /etc/cron.d/app
# expect: layer-rewrite `touch` on `/etc/cron.d/app`
RUN touch /etc/cron.d/app
