# Modelled on: Rust service images (dummy main.rs to cache dependencies, debian-slim runtime)
FROM rust:1.79-slim-bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/relay
COPY Cargo.toml Cargo.lock ./
# label: layer-deleted-later
RUN mkdir src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src
COPY src ./src
RUN rm -f target/release/deps/relay* && cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/src/relay/target/release/relay /usr/local/bin/relay
USER nobody
CMD ["relay"]
