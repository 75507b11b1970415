ARG BUILD_FROM=ghcr.io/home-assistant/amd64-base:3.19
FROM $BUILD_FROM

ENV LANG=C.UTF-8
RUN apk add --no-cache python3 py3-pip jq

COPY requirements.txt /tmp/
# label: layer-cache
RUN pip3 install --break-system-packages -r /tmp/requirements.txt

COPY app /app
COPY run.sh /
# label: layer-rewrite
RUN chmod a+x /run.sh

CMD [ "/run.sh" ]
