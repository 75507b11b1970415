ARG CERTBOT_VERSION=2.11.0
FROM certbot/certbot:v${CERTBOT_VERSION}

ARG CERTBOT_VERSION
ARG PLUGIN_NAME=dns-examplecloud
WORKDIR /opt/certbot

# Retrieve the plugin source from the release tarball
# label: layer-archive, layer-deleted-later
RUN wget -O certbot-${CERTBOT_VERSION}.tar.gz https://example.com/certbot/archive/v${CERTBOT_VERSION}.tar.gz \
 && tar xf certbot-${CERTBOT_VERSION}.tar.gz \
 && cp -r certbot-${CERTBOT_VERSION}/certbot-${PLUGIN_NAME} /opt/certbot/src/certbot-${PLUGIN_NAME}

# Install the DNS plugin
RUN pip install --no-cache-dir --editable /opt/certbot/src/certbot-${PLUGIN_NAME}

RUN rm -rf certbot-${CERTBOT_VERSION}.tar.gz certbot-${CERTBOT_VERSION}
