# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz \
    mkdir -p /opt/app && tar -xzf /tmp/app.tar.gz -C /opt/app
