# syntax=docker/dockerfile:1.7
# Dev-container style image: the toolchain stays, the caches do not.
FROM rust:1.77-alpine3.19

ENV CARGO_HOME=/usr/local/cargo \
    CARGO_TARGET_DIR=/var/cache/cargo-target

RUN apk add --no-cache musl-dev openssl-dev openssl-libs-static pkgconf

WORKDIR /workspace
COPY Cargo.toml Cargo.lock ./
COPY crates/ crates/

RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/var/cache/cargo-target \
    cargo build --release --locked -p probe \
    && install -m 0755 /var/cache/cargo-target/release/probe /usr/local/bin/probe

HEALTHCHECK --interval=30s CMD ["probe", "--self-test"]
ENTRYPOINT ["probe"]
