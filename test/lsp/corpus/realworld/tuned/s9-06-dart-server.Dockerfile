# Dart AOT server on scratch
FROM dart:3.3 AS build
WORKDIR /app
COPY pubspec.yaml pubspec.lock ./
COPY . .
RUN --mount=type=cache,target=/root/.pub-cache \
    dart pub get && \
    dart compile exe bin/server.dart -o bin/server

FROM scratch
COPY --from=build /runtime/ /
COPY --from=build /app/bin/server /app/bin/
EXPOSE 8080
CMD ["/app/bin/server"]
