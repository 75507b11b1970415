FROM alpine:3.20
RUN apk add --no-cache git
WORKDIR /srv
# label: layer-deleted-later
RUN git clone https://example.com/org/site.git .
RUN rm -rf .git
