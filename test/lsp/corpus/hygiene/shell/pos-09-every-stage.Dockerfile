FROM alpine:3.20 AS tools
# expect: layer-cache `apk add`
# expect: layer-deleted-later package `git` (apk del)
RUN apk add git
FROM tools AS build
WORKDIR /src
RUN git --version
RUN apk del git
FROM scratch
COPY --from=build /src /src
