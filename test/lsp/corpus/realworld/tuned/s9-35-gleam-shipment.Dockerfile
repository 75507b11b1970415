FROM ghcr.io/gleam-lang/gleam:v1.1.0-erlang-alpine AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/root/.cache/gleam gleam export erlang-shipment

FROM erlang:26-alpine
RUN apk add --no-cache tini \
    && addgroup -S web && adduser -S web -G web
COPY --from=build --chown=web:web /build/build/erlang-shipment /app
WORKDIR /app
USER web
ENTRYPOINT ["/sbin/tini", "--", "/app/entrypoint.sh"]
CMD ["run"]
