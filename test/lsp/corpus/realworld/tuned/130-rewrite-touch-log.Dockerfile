FROM nginx:1.27
COPY logs/access.log /var/log/app/access.log
# label: layer-rewrite
RUN touch /var/log/app/access.log
