FROM rust:1.77-alpine
RUN apk add --no-cache musl-dev
WORKDIR /app
COPY . .
# label: layer-cache
RUN cargo build --release
CMD ["./target/release/app"]
