# Password manager server: Rust build, Debian runtime with the web vault
FROM rust:1.79-bookworm AS builder
WORKDIR /build
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpq-dev \
        libmariadb-dev-compat
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
RUN cargo build --release --features sqlite,postgresql,mysql

FROM debian:bookworm-slim
ARG WEB_VERSION=2024.5.0
ARG WEB_URL=https://downloads.example.org/web-vault/bw_web_${WEB_VERSION}.tar.gz
ENV ROCKET_PROFILE=release ROCKET_ADDRESS=0.0.0.0 ROCKET_PORT=80

RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates curl libpq5 libmariadb3 openssl tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /web-vault
# label: layer-archive
RUN curl -fsSLO "$WEB_URL" \
    && tar -xzf "bw_web_${WEB_VERSION}.tar.gz" --strip-components=1

WORKDIR /
COPY --from=builder /build/target/release/vaultkeep /usr/local/bin/vaultkeep
COPY docker/healthcheck.sh /healthcheck.sh
# label: layer-rewrite
RUN chmod +x /healthcheck.sh

VOLUME /data
EXPOSE 80
HEALTHCHECK --interval=60s CMD ["/healthcheck.sh"]
CMD ["/usr/local/bin/vaultkeep"]
