###################################
# Build stage
FROM golang:1.22-alpine3.19 AS build-env

ARG GOPROXY
ENV GOPROXY=${GOPROXY:-direct}
ARG FORGE_VERSION
ARG TAGS="sqlite sqlite_unlock_notify"
ENV TAGS="bindata timetzdata $TAGS"

RUN apk --no-cache add build-base git

COPY . ${GOPATH}/src/example.org/forgelet
WORKDIR ${GOPATH}/src/example.org/forgelet

# Checkout version if set
RUN if [ -n "${FORGE_VERSION}" ]; then git checkout "${FORGE_VERSION}"; fi \
 && make build

###################################
# Runtime
FROM alpine:3.19
EXPOSE 22 3000

RUN apk --no-cache add \
    bash \
    ca-certificates \
    curl \
    gettext \
    git \
    openssh-keygen \
    su-exec \
    tzdata

RUN addgroup -S -g 1000 git && \
    adduser -S -H -D -h /data/git -s /bin/bash -u 1000 -G git git

COPY docker/root /
COPY --from=build-env /go/src/example.org/forgelet/forgelet /app/forgelet/forgelet
# label: layer-rewrite
RUN chown -R git:git /app/forgelet && chmod 0755 /app/forgelet/forgelet

VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/entrypoint"]
CMD ["/bin/s6-svscan", "/etc/s6"]
