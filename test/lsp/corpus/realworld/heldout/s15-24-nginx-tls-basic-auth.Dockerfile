FROM nginx:1.25

COPY conf/default.conf /etc/nginx/conf.d/default.conf
# label: layer-secret
COPY conf/.htpasswd /etc/nginx/.htpasswd
COPY certs/fullchain.pem /etc/nginx/certs/fullchain.pem
# label: layer-secret
COPY certs/privkey.pem /etc/nginx/certs/privkey.pem

EXPOSE 443
