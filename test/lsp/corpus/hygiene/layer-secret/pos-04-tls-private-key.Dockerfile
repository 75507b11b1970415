FROM nginx:1.27
COPY certs/fullchain.pem /etc/nginx/certs/fullchain.pem
# expect: layer-secret `certs/privkey.pem` (a PEM file, typically a private key)
COPY certs/privkey.pem /etc/nginx/certs/privkey.pem
# expect: layer-secret `server.key` (a private key)
ADD server.key /etc/ssl/private/
