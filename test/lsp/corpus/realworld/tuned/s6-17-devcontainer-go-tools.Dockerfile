FROM mcr.microsoft.com/devcontainers/base:ubuntu-22.04

ARG GO_VERSION=1.22.4
ARG GOLANGCI_VERSION=1.59.1
ENV GOLANGCI_URL=https://github.example.com/golangci/golangci-lint/releases/download/v${GOLANGCI_VERSION}/golangci-lint-${GOLANGCI_VERSION}-linux-amd64.tar.gz
ENV GOROOT=/usr/local/go \
    GOPATH=/go \
    PATH=/usr/local/go/bin:/go/bin:$PATH

RUN curl -fsSL "https://go.example.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz

# language server and debugger for the editor
# label: layer-cache, layer-deleted-later
RUN go install golang.org/x/tools/gopls@v0.16.0 \
    && go install github.com/go-delve/delve/cmd/dlv@v1.23.0

RUN go install honnef.co/go/tools/cmd/staticcheck@2024.1 \
    && go clean -cache -modcache

# label: layer-archive
RUN cd /tmp \
    && curl -fsSLO "$GOLANGCI_URL" \
    && tar -C /tmp -xf "golangci-lint-${GOLANGCI_VERSION}-linux-amd64.tar.gz" \
    && install -m 0755 "/tmp/golangci-lint-${GOLANGCI_VERSION}-linux-amd64/golangci-lint" /usr/local/bin/ \
    && rm -rf "/tmp/golangci-lint-${GOLANGCI_VERSION}-linux-amd64"

COPY .devcontainer/scripts/post-create.sh /usr/local/share/post-create.sh
# label: layer-rewrite
RUN chmod +x /usr/local/share/post-create.sh \
    && mkdir -p /go/src \
    && chown -R vscode:vscode /go/src
