FROM nginx:1.27-bookworm

# the release pipeline hands us a tarball of the rendered site
# label: layer-archive, layer-deleted-later
COPY site-2024.11.tar.gz /usr/share/nginx/html
RUN tar -xzf /usr/share/nginx/html/site-2024.11.tar.gz -C /usr/share/nginx/html \
    && rm /usr/share/nginx/html/site-2024.11.tar.gz

RUN sed -i 's/listen       80;/listen       8080;/' /etc/nginx/conf.d/default.conf

COPY tls/www.example.org.crt /etc/nginx/tls/www.example.org.crt
# label: layer-secret
COPY tls/www.example.org.key /etc/nginx/tls/www.example.org.key
COPY nginx/tls.conf /etc/nginx/conf.d/tls.conf

EXPOSE 8080 8443
