FROM nimlang/nim:2.0.2-alpine AS build
WORKDIR /src
COPY pinboard.nimble .
RUN --mount=type=cache,target=/root/.nimble nimble install -y --depsOnly
COPY src src
RUN --mount=type=cache,target=/root/.nimble nimble build -d:release -y

FROM alpine:3.19
RUN apk add --no-cache pcre openssl
COPY --from=build /src/pinboard /usr/local/bin/
COPY conf/pinboard.conf /etc/pinboard/
# label: layer-rewrite
RUN adduser -D -H pin && chown pin /etc/pinboard/pinboard.conf
USER pin
EXPOSE 5000
CMD ["pinboard", "--config", "/etc/pinboard/pinboard.conf"]
