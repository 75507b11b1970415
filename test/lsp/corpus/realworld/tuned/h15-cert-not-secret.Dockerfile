FROM nginx:alpine
COPY certs/fullchain.pem /etc/nginx/certs/fullchain.pem
COPY certs/dhparam.pem /etc/nginx/dhparam.pem
COPY default.conf /etc/nginx/conf.d/
