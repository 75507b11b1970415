FROM crystallang/crystal:1.11.2-alpine AS build
WORKDIR /app
COPY shard.yml shard.lock ./
RUN --mount=type=cache,target=/root/.cache/shards shards install --production
COPY . .
RUN shards build --production --release --static --no-debug

FROM alpine:3.19
RUN apk add --no-cache tzdata ca-certificates
COPY --from=build /app/bin/board /usr/local/bin/board
COPY --from=build /app/public /srv/public
WORKDIR /srv
ENV KEMAL_ENV=production
EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/board"]
