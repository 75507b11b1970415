FROM registry.suse.com/bci/golang:1.22 AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/inventoryd ./cmd/inventoryd

FROM registry.suse.com/bci/bci-base:15.6
RUN zypper -n in --no-recommends ca-certificates-mozilla iproute2 \
    && zypper clean --all
COPY --from=builder /out/inventoryd /usr/local/bin/inventoryd
COPY config/inventory.example.yaml /etc/inventoryd/inventory.yaml
USER 65534
EXPOSE 9100
ENTRYPOINT ["/usr/local/bin/inventoryd"]
CMD ["--config", "/etc/inventoryd/inventory.yaml"]
