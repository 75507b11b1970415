# Modelled on: Go services with private modules fetched through a BuildKit secret mount, distroless runtime
FROM golang:1.22-bookworm AS build
ENV GOPRIVATE=git.example.com/* \
    GOMODCACHE=/go/pkg/mod
RUN git config --global credential.helper store
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=secret,id=gitcreds,target=/root/.git-credentials \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 go build -o /bin/ledger ./cmd/ledger

FROM gcr.io/distroless/static-debian12:nonroot
COPY certs/internal-root-ca.crt /etc/ssl/certs/internal-root-ca.crt
COPY --from=build /bin/ledger /ledger
ENTRYPOINT ["/ledger"]
