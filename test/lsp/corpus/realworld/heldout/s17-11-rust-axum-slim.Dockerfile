# syntax=docker/dockerfile:1.6
FROM rust:1.79-bookworm AS builder
WORKDIR /usr/src/gateway
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/src/gateway/target \
    cargo build --release --locked \
    && cp target/release/gateway /usr/local/bin/gateway

FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates libssl3; \
    rm -rf /var/lib/apt/lists/*
COPY --link --from=builder /usr/local/bin/gateway /usr/local/bin/gateway
RUN useradd --uid 10001 --no-create-home gateway
USER 10001
EXPOSE 8443
ENTRYPOINT ["/usr/local/bin/gateway"]
