FROM golang:1.22-bookworm AS build

RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-client \
    && rm -rf /var/lib/apt/lists/*

# label: layer-secret, layer-deleted-later
COPY deploy_key /root/.ssh/id_ed25519
COPY known_hosts /root/.ssh/known_hosts
# label: layer-rewrite
RUN chmod 600 /root/.ssh/id_ed25519

RUN git config --global url."git@git.example.com:".insteadOf "https://git.example.com/"

ENV GOPRIVATE=git.example.com
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && rm -f /root/.ssh/id_ed25519

COPY . .
RUN CGO_ENABLED=0 go build -o /out/billing ./cmd/billing

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/billing /billing
ENTRYPOINT ["/billing"]
