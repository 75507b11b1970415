FROM nginx:1.27
RUN sed -i 's/user  nginx;/user  www-data;/' /etc/nginx/nginx.conf
