# ================================
# Build image
# ================================
FROM swift:5.10-jammy AS build

RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q dist-upgrade -y \
    && apt-get install -y libjemalloc-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY ./Package.* ./
RUN --mount=type=cache,target=/root/.cache swift package resolve

COPY . .
RUN --mount=type=cache,target=/root/.cache \
    swift build -c release --static-swift-stdlib -Xlinker -ljemalloc

WORKDIR /staging
RUN cp "$(swift build --package-path /build -c release --show-bin-path)/Api" ./

# ================================
# Run image
# ================================
FROM ubuntu:jammy

RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q install -y ca-certificates tzdata libjemalloc2 \
    && rm -r /var/lib/apt/lists/*

RUN useradd --user-group --create-home --system --skel /dev/null --home-dir /app vapor
WORKDIR /app
COPY --from=build --chown=vapor:vapor /staging /app
COPY --from=build --chown=vapor:vapor /build/Public ./Public
# Public is served read-only
# label: layer-rewrite
RUN chmod -R a-w ./Public

USER vapor:vapor
EXPOSE 8080
ENTRYPOINT ["./Api"]
CMD ["serve", "--env", "production", "--hostname", "0.0.0.0", "--port", "8080"]
