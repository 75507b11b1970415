FROM rust:1.79-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release

FROM alpine:3.20
RUN apk add --no-cache ca-certificates unzip
# label: layer-archive
RUN wget -q https://example.com/assets/quill-themes.zip \
    && unzip -q quill-themes.zip -d /opt/quill-themes
COPY --from=build /src/target/release/quill /usr/local/bin/quill
ENTRYPOINT ["quill"]
