# Modelled on: Rust CLI/daemon images compiled and run in the same rust:*-slim stage
FROM rust:1.76-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/tidewatch
COPY . .
# label: layer-cache, layer-deleted-later
RUN cargo build --release
RUN cp target/release/tidewatch /usr/local/bin/tidewatch && cargo clean
CMD ["tidewatch"]
