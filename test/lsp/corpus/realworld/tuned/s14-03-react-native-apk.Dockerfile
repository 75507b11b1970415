# syntax=docker/dockerfile:1
# Builds the release APK; the image that ships only holds the artefact.
FROM reactnativecommunity/react-native-android:v13.0 AS builder

WORKDIR /src
COPY package.json yarn.lock ./
# label: layer-cache
RUN yarn install --frozen-lockfile --network-timeout 600000

COPY . .
WORKDIR /src/android
# label: layer-rewrite
RUN chmod +x gradlew && ./gradlew assembleRelease --no-daemon

FROM alpine:3.20
COPY --from=builder /src/android/app/build/outputs/apk/release/app-release.apk /artifacts/
CMD ["ls", "-l", "/artifacts"]
