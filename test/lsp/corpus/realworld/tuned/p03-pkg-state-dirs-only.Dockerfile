FROM alpine:3.20
RUN apk add --no-cache nginx php83-fpm
# state, log and runtime folders the packages create empty, and a folder made just now: no package files rewritten
RUN mkdir -p /run/nginx /var/www/app/storage \
 && chown -R nginx:nginx /var/lib/nginx /var/log/nginx /run/nginx /var/www/app/storage \
 && chmod 0770 /etc/nginx
COPY --chown=nginx:nginx app/ /var/www/app/
CMD ["nginx", "-g", "daemon off;"]
