FROM debian:bookworm-slim
COPY run.sh /usr/local/bin/run.sh
RUN echo 'chmod +x /usr/local/bin/run.sh' >> /etc/motd
RUN sed 's/a/b/' /usr/local/bin/run.sh > /tmp/run.preview
