FROM ruby:3.2-alpine
# label: layer-cache
RUN apk add --no-cache --virtual .build-deps build-base \
    && gem install oj --no-document \
    && apk del .build-deps
# label: layer-cache
RUN ["gem", "install", "fluentd", "-v", "1.17.0", "--no-document"]
RUN mkdir -p /fluentd/etc /fluentd/certs
COPY fluent.conf /fluentd/etc/fluent.conf
COPY certs/aggregator.crt /fluentd/certs/aggregator.crt
# label: layer-secret
COPY certs/aggregator.key /fluentd/certs/aggregator.key
EXPOSE 24224
CMD ["fluentd", "-c", "/fluentd/etc/fluent.conf"]
