FROM golang:1.22
# label: layer-secret, layer-deleted-later
COPY .netrc /root/.netrc
RUN go env -w GOPRIVATE=example.com/* && rm /root/.netrc
