FROM alpine:3.19 AS build
ARG ZIG_VERSION=0.12.0
ARG ZIG_URL=https://ziglang.example.org/download/${ZIG_VERSION}/zig-linux-x86_64-${ZIG_VERSION}.tar.xz
# label: layer-cache
RUN apk update && apk add curl xz
RUN curl -fsSL "$ZIG_URL" | tar -xJ -C /opt \
    && ln -s /opt/zig-linux-x86_64-${ZIG_VERSION}/zig /usr/local/bin/zig
WORKDIR /src
COPY build.zig build.zig.zon ./
COPY src src
RUN --mount=type=cache,target=/root/.cache/zig \
    zig build -Doptimize=ReleaseSmall --prefix /out

FROM alpine:3.19
COPY --from=build /out/bin/pinger /usr/local/bin/pinger
# raw sockets without root
# label: layer-rewrite
RUN chmod u+s /usr/local/bin/pinger
RUN adduser -D -H ping
USER ping
ENTRYPOINT ["pinger"]
