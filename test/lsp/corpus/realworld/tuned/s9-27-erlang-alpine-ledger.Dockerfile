FROM erlang:26-alpine

# label: layer-cache, layer-deleted-later
RUN apk add --virtual .build-deps git make g++

WORKDIR /usr/src/ledger
# label: layer-deleted-later
COPY . .
RUN --mount=type=cache,target=/root/.cache/rebar3 \
    rebar3 as prod tar \
    && mkdir -p /opt/ledger \
    && tar -xzf _build/prod/rel/ledger/ledger-*.tar.gz -C /opt/ledger \
    && rm -rf _build

RUN apk del .build-deps
RUN rm -rf /usr/src/ledger/test /usr/src/ledger/docs

WORKDIR /opt/ledger
EXPOSE 8080
CMD ["bin/ledger", "foreground"]
