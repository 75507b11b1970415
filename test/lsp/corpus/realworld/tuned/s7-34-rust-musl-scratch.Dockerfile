FROM rust:1.77-alpine3.19 AS build
# label: layer-cache
RUN apk add --update musl-dev perl make linux-headers

WORKDIR /deps
ENV OPENSSL_VERSION=3.2.1
# static OpenSSL for the musl target
# label: layer-archive
RUN wget https://www.example.org/source/openssl-${OPENSSL_VERSION}.tar.gz \
    && tar xvfz openssl-${OPENSSL_VERSION}.tar.gz \
    && cd openssl-${OPENSSL_VERSION} \
    && ./Configure no-shared no-tests --prefix=/opt/openssl --libdir=lib linux-x86_64 \
    && make -j"$(nproc)" \
    && make install_sw
ENV OPENSSL_DIR=/opt/openssl OPENSSL_STATIC=1

WORKDIR /src
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/relay /relay
# label: layer-secret
COPY keys/relay-signing-key.pem /etc/relay/signing-key.pem
COPY keys/relay-signing-pub.pem /etc/relay/
USER 10001
ENTRYPOINT ["/relay"]
