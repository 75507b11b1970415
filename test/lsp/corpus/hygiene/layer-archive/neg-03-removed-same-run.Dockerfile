FROM debian:bookworm-slim
RUN set -eux; \
    curl -fsSL -o go.tgz https://go.example.dev/go1.22.linux-amd64.tar.gz; \
    tar -C /usr/local -xzf go.tgz; \
    rm go.tgz
RUN wget -O /tmp/x.zip https://dl.example.com/x.zip && unzip /tmp/x.zip -d /opt/x && rm -f /tmp/x.zip
