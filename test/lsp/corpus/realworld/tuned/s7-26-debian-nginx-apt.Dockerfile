FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log

# label: layer-rewrite
RUN sed -i \
      -e 's/worker_processes auto;/worker_processes 2;/' \
      -e 's/# server_tokens off;/server_tokens off;/' \
      /etc/nginx/nginx.conf

COPY site.conf /etc/nginx/conf.d/site.conf
COPY public/ /var/www/site/
# label: layer-rewrite
RUN chown -R www-data:www-data /var/www/site

RUN mkdir -p /var/cache/nginx/client_temp \
 && chown -R www-data:www-data /var/cache/nginx /var/lib/nginx

EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
