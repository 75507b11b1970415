FROM rust:1.79
WORKDIR /usr/src/app
COPY . .
# label: layer-cache
RUN cargo install --path .
CMD ["app"]
