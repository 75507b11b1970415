FROM golang:1.22 AS build
WORKDIR /src
# label: layer-deleted-later
RUN git clone --depth 1 https://example.com/acme/cli.git
RUN cd cli && CGO_ENABLED=0 go build -o /out/cli . && cd .. && rm -rf cli
FROM gcr.io/distroless/static
COPY --from=build /out/cli /cli
