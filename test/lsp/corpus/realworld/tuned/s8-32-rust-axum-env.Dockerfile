FROM rust:1.79-bookworm AS builder
WORKDIR /usr/src/catalog
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked

FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates
RUN useradd -r -s /usr/sbin/nologin catalog
WORKDIR /app
COPY --from=builder /usr/src/catalog/target/release/catalog /usr/local/bin/catalog
COPY .env.example ./.env.example
# the real one, with DATABASE_URL and the JWT signing secret
# label: layer-secret
COPY .env ./.env
USER catalog
EXPOSE 8080
CMD ["catalog"]
