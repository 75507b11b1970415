FROM alpine:3.20
# label: layer-cache
RUN apk update && apk add bash jq
COPY run.sh /usr/local/bin/run.sh
ENTRYPOINT ["/usr/local/bin/run.sh"]
