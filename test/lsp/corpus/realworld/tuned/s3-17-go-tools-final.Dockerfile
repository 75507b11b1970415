# Modelled on: Go CI/toolchain images where the golang stage itself is shipped (code generators, linters, make check)
FROM golang:1.23-bookworm AS tools
ENV GOMODCACHE=/go/pkg/mod \
    GOCACHE=/root/.cache/go-build
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler make
# label: layer-cache
RUN go install example.com/tools/protoc-gen-widget@v1.4.0 \
    && go install example.com/tools/widgetlint/cmd/widgetlint@v0.9.0
ARG LINT_VERSION=1.59.1
RUN curl -fsSLO https://downloads.example.com/golint-bundle/v${LINT_VERSION}/golint-bundle-${LINT_VERSION}-linux-amd64.tar.gz \
    && tar -xzf golint-bundle-${LINT_VERSION}-linux-amd64.tar.gz --strip-components=1 -C /usr/local/bin \
       golint-bundle-${LINT_VERSION}-linux-amd64/golint-bundle \
    && rm golint-bundle-${LINT_VERSION}-linux-amd64.tar.gz

FROM tools AS ci
WORKDIR /workspace
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go mod download
COPY . .
CMD ["make", "check"]
