FROM rust:1.76-slim-bookworm

# label: layer-cache
RUN apt-get update && apt-get install -y curl pkg-config libssl-dev libpq-dev

WORKDIR /usr/src/tally
# label: layer-deleted-later
COPY . .

# label: layer-cache, layer-deleted-later
RUN cargo build --release --locked

# keep only the binary
RUN cp target/release/tally /usr/local/bin/tally \
    && rm -rf target src benches

# migration runner used by the entrypoint
ENV SQLX_URL=https://releases.example.com/sqlx-cli/0.7.4/sqlx-cli-0.7.4-x86_64-unknown-linux-gnu.tar.gz
# label: layer-archive
RUN cd /tmp \
    && curl -LO "$SQLX_URL" \
    && tar -xzf sqlx-cli-*.tar.gz -C /usr/local/bin sqlx

EXPOSE 3000
CMD ["tally"]
