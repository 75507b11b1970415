FROM nginx:1.25

# remove the default welcome page
RUN rm -rf /usr/share/nginx/html/*

COPY site/ /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/nginx.conf

COPY certs/fullchain.pem /etc/nginx/certs/
# label: layer-secret
COPY certs/privkey.pem /etc/nginx/certs/
COPY certs/dhparam.pem /etc/nginx/certs/
# label: layer-rewrite
RUN chmod 600 /etc/nginx/certs/privkey.pem

# basic auth for /admin
# label: layer-secret
COPY .htpasswd /etc/nginx/.htpasswd

EXPOSE 80 443
