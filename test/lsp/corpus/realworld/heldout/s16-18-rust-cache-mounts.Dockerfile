# syntax=docker/dockerfile:1
FROM rust:1.75-slim AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target \
    cargo build --release && cp target/release/peerfetch /peerfetch

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /peerfetch /usr/local/bin/peerfetch
ENTRYPOINT ["peerfetch"]
