FROM rust:1.78 AS builder
WORKDIR /usr/src/app
COPY src ./src
RUN touch src/main.rs && cargo build --release
