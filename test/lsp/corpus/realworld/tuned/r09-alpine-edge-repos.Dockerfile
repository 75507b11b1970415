FROM alpine:3.20
RUN echo "https://dl-cdn.example.org/alpine/edge/testing" >> /etc/apk/repositories \
    && apk add --no-cache restic
