# Modelled on: static-site images on nginx:alpine (site shipped as a tarball, error pages, config templates, basic auth)
FROM nginx:1.27-alpine
# label: layer-archive, layer-deleted-later
COPY build/site.tar.gz /usr/share/nginx/html
RUN tar -xzf /usr/share/nginx/html/site.tar.gz -C /usr/share/nginx/html \
    && rm /usr/share/nginx/html/site.tar.gz
ADD build/errors.tar.gz /usr/share/nginx/errors/
COPY nginx/default.conf.template /etc/nginx/templates/default.conf.template
# label: layer-secret
COPY nginx/.htpasswd /etc/nginx/.htpasswd
EXPOSE 80
