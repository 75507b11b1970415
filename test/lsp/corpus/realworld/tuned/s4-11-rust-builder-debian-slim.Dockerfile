# Modelled on: Rust CLI/service repos (cargo build --release in a rust builder, debian-slim runtime with ca-certificates)
FROM rust:1.78-slim-bookworm AS builder
WORKDIR /usr/src/tally
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libssl3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/src/tally/target/release/tally /usr/local/bin/tally
ENTRYPOINT ["tally"]
