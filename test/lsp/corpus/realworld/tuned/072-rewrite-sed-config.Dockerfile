FROM nginx:1.27
COPY default.conf /etc/nginx/conf.d/default.conf
# label: layer-rewrite
RUN sed -i "s/listen 80/listen 8080/" /etc/nginx/conf.d/default.conf
