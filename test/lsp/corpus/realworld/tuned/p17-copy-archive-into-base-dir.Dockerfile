FROM nginx:1.27-alpine
# html is the base image's folder: the archive is copied into it, then unpacked there
# label: layer-archive, layer-deleted-later
COPY dist/site-2024.11.tar.gz /usr/share/nginx/html
RUN cd /usr/share/nginx/html \
 && tar -xzf site-2024.11.tar.gz \
 && rm site-2024.11.tar.gz
# a file copied under another name: not a folder
COPY nginx/default.conf /etc/nginx/conf.d/default
EXPOSE 80
