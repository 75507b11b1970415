FROM nginx:stable
RUN rm /etc/nginx/conf.d/default.conf
COPY nginx/site.conf /etc/nginx/conf.d/site.conf
COPY build/ /usr/share/nginx/html/
