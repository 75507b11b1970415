# Modelled on: Rust CI and devcontainer images (rustup components, cargo install of developer tools)
FROM rust:1.78-bookworm
ENV CARGO_HOME=/usr/local/cargo
RUN rustup component add clippy rustfmt
# label: layer-cache, layer-deleted-later
RUN cargo install cargo-nextest --locked
RUN cargo install cargo-audit --locked \
    && rm -rf /usr/local/cargo/registry /usr/local/cargo/git
WORKDIR /workspace
