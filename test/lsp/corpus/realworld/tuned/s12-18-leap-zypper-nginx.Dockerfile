FROM opensuse/leap:15.6

# label: layer-cache, layer-deleted-later
RUN zypper --non-interactive refresh \
 && zypper --non-interactive install --no-recommends python311 python311-pip nginx \
 && zypper clean

RUN zypper -n install --no-recommends curl tar bzip2 && zypper clean --all

COPY nginx/site.conf /etc/nginx/vhosts.d/site.conf
# label: layer-rewrite
RUN sed -i 's/worker_processes .*/worker_processes auto;/' /etc/nginx/nginx.conf

# label: layer-archive
COPY static-assets.tar.bz2 /srv/www/
RUN mkdir -p /srv/www/htdocs && tar -xjf /srv/www/static-assets.tar.bz2 -C /srv/www/htdocs

EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
