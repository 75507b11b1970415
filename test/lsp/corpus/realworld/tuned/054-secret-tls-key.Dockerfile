FROM nginx:1.27-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY certs/site.crt /etc/nginx/tls/site.crt
# label: layer-secret
COPY certs/site.key /etc/nginx/tls/site.key
