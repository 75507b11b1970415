FROM nginx:1.27
COPY nginx.conf /etc/nginx/nginx.conf
ARG WORKERS=4
# expect: layer-rewrite `sed -i` on `/etc/nginx/nginx.conf`
RUN sed -i "s/worker_processes .*/worker_processes ${WORKERS};/" /etc/nginx/nginx.conf
