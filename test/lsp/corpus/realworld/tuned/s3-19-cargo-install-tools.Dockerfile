# Modelled on: Rust CI tooling images that cargo-install helper tools into the image they ship
FROM rust:1.80-alpine3.20
ENV CARGO_HOME=/usr/local/cargo
RUN apk add --no-cache musl-dev pkgconf openssl-dev openssl-libs-static git
# label: layer-cache
RUN cargo install cargo-licensecheck --locked --version 0.7.1
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    cargo install cargo-vendorguard --locked --version 0.3.4
WORKDIR /src
ENTRYPOINT ["cargo"]
