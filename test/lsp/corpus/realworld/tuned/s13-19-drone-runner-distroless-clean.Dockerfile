FROM golang:1.22 AS build

WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/exec-runner ./cmd/runner

FROM alpine:3.20
RUN apk add --no-cache ca-certificates git openssh-client
COPY --from=build /out/exec-runner /bin/exec-runner
ENV RUNNER_CAPACITY=2
ENTRYPOINT ["/bin/exec-runner"]
