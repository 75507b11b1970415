# syntax=docker/dockerfile:1
FROM python:3.11-alpine3.19

ARG APP_USER=worker
ARG TZ=Europe/Berlin

RUN apk update && apk upgrade --no-cache && rm -rf /var/cache/apk/*

# only the zone file is kept, the tzdata package goes again
RUN apk add --no-cache tzdata \
    && cp "/usr/share/zoneinfo/${TZ}" /etc/localtime \
    && echo "${TZ}" > /etc/timezone \
    && apk del --no-network tzdata

RUN apk add --no-cache libpq libjpeg-turbo \
    && adduser -D -u 1000 "${APP_USER}"

RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    apk add --no-cache --virtual .build-deps gcc musl-dev libpq-dev jpeg-dev zlib-dev \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && apk del --no-network .build-deps

COPY --chown=${APP_USER}:${APP_USER} . /srv/worker
COPY deploy/id_ed25519.pub /home/${APP_USER}/.ssh/authorized_keys
COPY .env.example /srv/worker/.env.example
WORKDIR /srv/worker
USER ${APP_USER}
CMD ["python", "-m", "worker"]
