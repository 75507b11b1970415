FROM ubuntu:24.04

RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/*

# label: layer-rewrite
RUN sed -i 's/worker_processes auto;/worker_processes 2;/' /etc/nginx/nginx.conf

RUN chown -R www-data:www-data /var/lib/nginx \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log

COPY site/ /var/www/html/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
