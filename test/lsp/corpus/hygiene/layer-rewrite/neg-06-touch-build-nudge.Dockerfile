FROM rust:1.78 AS builder
WORKDIR /usr/src/app
COPY src ./src
RUN touch src/main.rs && cargo build --release
FROM debian:bookworm-slim
COPY --from=builder /usr/src/app/target/release/app /usr/local/bin/app
