# old intranet app: apache + php + supervisord in one image
FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
# label: layer-cache, layer-deleted-later
RUN apt-get update
RUN apt-get install -y apache2 libapache2-mod-php php-mysql php-gd supervisor cron
RUN apt-get clean && rm -rf /var/lib/apt/lists/*
COPY mysql/my.cnf /etc/mysql/my.cnf
COPY supervisor/intranet.conf /etc/supervisor/conf.d/intranet.conf
COPY app/ /var/www/intranet/
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/intranet/storage
COPY apache/intranet.conf /etc/apache2/sites-available/000-default.conf
EXPOSE 80
CMD ["/usr/bin/supervisord", "-n"]
