FROM alpine:3.20
COPY config.yml /etc/app/config.yml
RUN echo "rm -rf /etc/app" > /usr/local/bin/reset && chmod 0755 /usr/local/bin/reset
RUN grep -q 'rm /etc/app/config.yml' /usr/local/bin/reset || true
