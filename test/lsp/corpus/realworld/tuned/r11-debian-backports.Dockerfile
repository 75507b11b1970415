FROM debian:bookworm
RUN echo "deb http://deb.example.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list \
    && apt-get update \
    && apt-get install -y -t bookworm-backports --no-install-recommends golang-1.22-go \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
