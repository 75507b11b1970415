FROM python:3.12-alpine

RUN apk add --no-cache openssh-client lz4-libs zstd-libs xxhash acl-libs libssl3 tzdata

# label: layer-cache
RUN apk add --no-cache --virtual .build-deps \
        gcc musl-dev openssl-dev lz4-dev zstd-dev xxhash-dev acl-dev linux-headers \
    && pip install borgbackup==1.2.8 borgmatic==1.8.13 \
    && apk del .build-deps

COPY crontab.txt /etc/crontabs/root
COPY config.yaml /etc/borgmatic/config.yaml
# label: layer-secret
COPY ssh/id_ed25519 /root/.ssh/id_ed25519
# label: layer-secret
COPY borg-passphrase.txt /etc/borgmatic/passphrase

CMD ["crond", "-f", "-l", "6"]
