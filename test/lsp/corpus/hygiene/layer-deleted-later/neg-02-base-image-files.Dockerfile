FROM nginx:1.27
RUN rm /etc/nginx/conf.d/default.conf
RUN rm -rf /usr/share/doc/* /usr/share/man/*
COPY nginx.conf /etc/nginx/conf.d/site.conf
