FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends nginx-light ca-certificates
COPY nginx/site.conf /etc/nginx/sites-available/default
# the package's config folder (and the file copied into it) rewritten for the unprivileged user
# label: layer-rewrite
RUN chown -R www-data:www-data /var/lib/nginx /var/log/nginx /etc/nginx
USER www-data
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
