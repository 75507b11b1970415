# syntax=docker/dockerfile:1
FROM certbot/certbot:v2.11.0

ENV PIP_NO_CACHE_DIR=1

# the wheel is bind-mounted, never part of a layer
RUN --mount=type=bind,source=dist,target=/tmp/wheels \
    pip install /tmp/wheels/certbot_dns_examplecloud-0.3.1-py3-none-any.whl

COPY --chmod=0755 deploy-hook.sh /etc/letsencrypt/renewal-hooks/deploy/reload.sh

VOLUME ["/etc/letsencrypt", "/var/lib/letsencrypt"]
ENTRYPOINT ["certbot"]
