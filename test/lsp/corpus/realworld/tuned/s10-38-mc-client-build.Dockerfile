FROM golang:1.22-bookworm AS build
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends git make
WORKDIR /src
COPY . .
RUN make build && cp bin/objctl /out-objctl

FROM alpine:3.20
RUN apk add --no-cache ca-certificates bash
COPY --from=build /out-objctl /usr/local/bin/objctl
COPY entrypoint.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/entrypoint.sh
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
