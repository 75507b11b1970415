FROM nginx:1.27
COPY downloads/release.tar.gz /usr/share/nginx/html/downloads/
RUN tar -czf /var/backups/conf.tgz /etc/nginx
RUN curl -fsSL -o /usr/share/nginx/html/downloads/latest.zip https://dl.example.com/latest.zip
