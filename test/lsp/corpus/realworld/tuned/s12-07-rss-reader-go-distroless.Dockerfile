FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags="-s -w -X example.org/feedling/internal/version.Version=${VERSION}" \
      -o /out/feedling ./cmd/feedling

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="feedling"
COPY --from=build /out/feedling /usr/bin/feedling
USER nonroot:nonroot
ENV LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/bin/feedling"]
