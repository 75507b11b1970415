FROM golang:1.22 AS build
WORKDIR /go/src
# expect: layer-deleted-later removes `/go/src/tool`
RUN git clone --depth 1 https://github.com/example/tool.git
RUN cd tool && go build -o /go/bin/tool . && cd .. && rm -rf tool
FROM gcr.io/distroless/static-debian12
COPY --from=build /go/bin/tool /usr/local/bin/tool
