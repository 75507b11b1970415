# Build the manager binary
FROM golang:1.22 AS builder
ARG TARGETOS
ARG TARGETARCH

WORKDIR /workspace
COPY go.mod go.mod
COPY go.sum go.sum
# cache deps before building and copying source so that we don't need to re-download as much
RUN go mod download

COPY cmd/main.go cmd/main.go
COPY api/ api/
COPY internal/ internal/

RUN CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} go build -a -o manager cmd/main.go

FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=builder /workspace/manager .
ADD --chmod=755 https://releases.example.com/kubectl/v1.29.2/bin/linux/amd64/kubectl /usr/local/bin/kubectl
# out-of-cluster config for the dev cluster
# label: layer-secret
COPY hack/dev-kubeconfig.yaml /home/nonroot/.kube/config
COPY config/ca/cluster-ca.crt /etc/ssl/certs/cluster-ca.crt
USER 65532:65532

ENTRYPOINT ["/manager"]
