FROM rust:1.75
WORKDIR /usr/src/simkit
COPY . .
# label: layer-cache, layer-deleted-later
RUN cargo build --release
RUN cp target/release/simkit /usr/local/bin/ && rm -rf target
CMD ["simkit", "--config", "configs/paper.toml"]
