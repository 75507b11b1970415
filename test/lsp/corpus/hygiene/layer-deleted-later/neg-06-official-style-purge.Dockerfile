FROM debian:bookworm-slim
RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends gcc libc6-dev make; \
    echo 'int main(void){return 0;}' > /tmp/t.c; \
    gcc -o /usr/local/bin/t /tmp/t.c; \
    rm /tmp/t.c; \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false gcc libc6-dev make; \
    rm -rf /var/lib/apt/lists/*
