FROM nginx:1.27-alpine

RUN apk add --no-cache openssl

COPY conf.d/ /etc/nginx/conf.d/
COPY tls/fullchain.pem /etc/nginx/tls/fullchain.pem
# label: layer-secret
COPY tls/privkey.pem /etc/nginx/tls/privkey.pem
COPY tls/client-ca.crt /etc/nginx/tls/client-ca.crt

# label: layer-rewrite
RUN chmod 0400 /etc/nginx/tls/privkey.pem \
    && chown -R nginx:nginx /etc/nginx/conf.d

COPY --chown=nginx:nginx site/ /usr/share/nginx/html/
EXPOSE 443
