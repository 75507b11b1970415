FROM haskell:9.6.4-slim AS build
WORKDIR /opt/build
COPY stack.yaml package.yaml ./
RUN --mount=type=cache,target=/root/.stack \
    stack build --system-ghc --only-dependencies
COPY . .
RUN --mount=type=cache,target=/root/.stack \
    stack build --system-ghc --copy-bins --local-bin-path /out

FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y libgmp10 netbase ca-certificates
COPY --from=build /out/tallyd /usr/local/bin/tallyd
# schema migrations tool
# label: layer-archive
ADD https://dl.example.com/migrate/v4.17.1/migrate.linux-amd64.tar.gz /tmp/
RUN tar -xzf /tmp/migrate.linux-amd64.tar.gz -C /usr/local/bin migrate
# label: layer-secret
COPY deploy/.pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 600 /root/.pgpass
EXPOSE 3000
CMD ["tallyd"]
