# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN --mount=type=bind,source=payload.tar.gz,target=/tmp/payload.tar.gz tar -xzf /tmp/payload.tar.gz -C /opt
