# Modelled on: Haskell stack projects built on haskell:* and shipped on debian-slim
FROM haskell:9.6 AS build
WORKDIR /build
COPY stack.yaml stack.yaml.lock package.yaml ./
RUN stack build --only-dependencies --system-ghc
COPY . .
RUN stack install --system-ghc --local-bin-path /build/bin

FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends libgmp10 ca-certificates netbase
COPY --from=build /build/bin/shortlink-server /usr/local/bin/shortlink-server
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/shortlink-server && chown root:root /usr/local/bin/shortlink-server
EXPOSE 8080
CMD ["shortlink-server"]
