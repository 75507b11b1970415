ARG BUILD_FROM
FROM ${BUILD_FROM}

ENV PIP_NO_CACHE_DIR=1
RUN apk add --no-cache mosquitto-clients python3 py3-pip

# s6 service tree, packed by the add-on's build script
ADD rootfs.tar.gz /
# label: layer-rewrite
RUN chmod a+x /etc/services.d/zigwatch/run /etc/services.d/zigwatch/finish

WORKDIR /app
COPY app/ ./
RUN pip3 install --break-system-packages -r requirements.txt
