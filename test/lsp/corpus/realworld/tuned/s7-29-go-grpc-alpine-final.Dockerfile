FROM golang:1.22-alpine AS build
WORKDIR /src
COPY go.* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/uploader ./cmd/uploader

FROM alpine:3.19
# label: layer-cache
RUN apk --update add ca-certificates tzdata

ARG PROBE_VERSION=v0.4.24
ADD https://releases.example.com/grpc-health-probe/${PROBE_VERSION}/grpc_health_probe-linux-amd64 /bin/grpc_health_probe
# label: layer-rewrite
RUN chmod +x /bin/grpc_health_probe

COPY --from=build /out/uploader /usr/local/bin/uploader
# label: layer-secret
COPY secrets/gcs-credentials.json /etc/uploader/credentials.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/etc/uploader/credentials.json

RUN addgroup -S uploader && adduser -S -G uploader uploader
USER uploader
EXPOSE 50051
HEALTHCHECK CMD ["/bin/grpc_health_probe", "-addr=:50051"]
ENTRYPOINT ["/usr/local/bin/uploader"]
