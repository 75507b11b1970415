FROM ocaml/opam:debian-12-ocaml-5.1 AS build
RUN sudo apt-get update \
    && sudo apt-get install -y libgmp-dev pkg-config libev-dev \
    && sudo rm -rf /var/lib/apt/lists/*
WORKDIR /home/opam/src
COPY --chown=opam *.opam ./
RUN opam install . --deps-only -y && opam clean -a -c -s --logs
COPY --chown=opam . .
RUN opam exec -- dune build --profile release @install

FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgmp10 libev4 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /home/opam/src/_build/default/bin/main.exe /usr/local/bin/shortener
COPY etc/shortener.toml /etc/shortener/shortener.toml
EXPOSE 8080
CMD ["shortener", "--config", "/etc/shortener/shortener.toml"]
