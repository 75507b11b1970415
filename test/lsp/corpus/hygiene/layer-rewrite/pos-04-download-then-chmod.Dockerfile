FROM alpine:3.20
RUN wget -O /usr/local/bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64
# expect: layer-rewrite added by the RUN on line 2
RUN chmod 0755 /usr/local/bin/jq
