FROM rust:1.78-slim-bookworm
LABEL maintainer="platform@example.com"
ENV RUST_LOG=info
WORKDIR /usr/src/relay
COPY . .
# label: layer-cache, layer-deleted-later
RUN cargo build --release && cp target/release/relay /usr/local/bin/relay
# keep the image smaller (does it?)
RUN rm -rf target
EXPOSE 7000
USER nobody
CMD ["relay", "--listen", "0.0.0.0:7000"]
