# Modelled on: small Ruby CLI images on alpine (gem install of a documentation tool, build-base as a virtual package)
FROM ruby:3.2-alpine
ENV GEM_HOME=/usr/local/bundle
# label: layer-cache, layer-deleted-later
RUN apk add --virtual .gem-build build-base \
    && gem install --no-document asciidoctor-pdf:2.3.15 rouge:4.2.1 \
    && apk del .gem-build
RUN apk add --no-cache git \
    && gem install --no-document asciidoctor-diagram:2.3.0 \
    && rm -rf /usr/local/bundle/cache
WORKDIR /documents
ENTRYPOINT ["asciidoctor-pdf"]
