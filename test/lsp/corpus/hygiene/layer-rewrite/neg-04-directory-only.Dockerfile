FROM debian:bookworm-slim
COPY app/ /opt/app/
RUN chmod 755 /opt/app
RUN chown app /opt/app
