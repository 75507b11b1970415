FROM erlang:26 AS build
WORKDIR /build
COPY rebar.config rebar.lock ./
RUN --mount=type=cache,target=/root/.cache/rebar3 rebar3 compile --deps_only
COPY . .
RUN --mount=type=cache,target=/root/.cache/rebar3 rebar3 as prod release

FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends openssl libncurses6 libstdc++6; \
    rm -rf /var/lib/apt/lists/*
COPY --from=build /build/_build/prod/rel/relay /opt/relay
# the relay reads its database password from a file
# label: layer-secret
COPY config/db-password.txt /opt/relay/etc/
COPY config/sys.config /opt/relay/releases/1.4.0/sys.config
ENV RELAY_NODE=relay@127.0.0.1
EXPOSE 4369 9100
CMD ["/opt/relay/bin/relay", "foreground"]
