FROM ocaml/opam:alpine-3.19-ocaml-4.14
USER root
RUN apk add --no-cache gmp-dev libev-dev linux-headers
USER opam
WORKDIR /home/opam/app
COPY --chown=opam:opam . .
RUN opam install . --deps-only -y \
    && opam exec -- dune build --release ./bin/main.exe \
    && opam clean -a -c -s --logs
# the config folder must be writable by the service user
# label: layer-rewrite
RUN sudo chown -R opam:opam /home/opam/app/config
EXPOSE 8080
CMD ["./_build/default/bin/main.exe"]
