FROM alpine:3.19
ENV RELEASE_VERSION=v0.7.1
RUN apk add --no-cache bash curl
RUN wget https://example.com/rel/${RELEASE_VERSION}/linux-amd64-relcli.tar.bz2 -O - \
  | tar -xjf - -C /tmp \
  && mv /tmp/bin/linux/amd64/relcli /usr/local/bin \
  && rm -rf /tmp/bin
