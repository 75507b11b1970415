FROM debian:bookworm-slim
ENV CLI_VERSION=2.3.0
RUN curl -OL https://example.com/pkgs/cli-${CLI_VERSION} && \
    chmod +x cli-${CLI_VERSION} && \
    mv cli-${CLI_VERSION} /usr/bin/cli
