FROM eclipse-temurin:17-jdk-jammy

ARG BUILD_TOOLS=34.0.0
ENV ANDROID_HOME=/opt/android-sdk

RUN apt-get update && apt-get install -y --no-install-recommends unzip curl \
 && rm -rf /var/lib/apt/lists/*

RUN mkdir -p ${ANDROID_HOME}/cmdline-tools \
 && curl -fsSL https://dl.example.com/android/repository/commandlinetools-linux-11076708_latest.zip -o /tmp/clt.zip \
 && unzip -q /tmp/clt.zip -d ${ANDROID_HOME}/cmdline-tools \
 && mv ${ANDROID_HOME}/cmdline-tools/cmdline-tools ${ANDROID_HOME}/cmdline-tools/latest \
 && rm /tmp/clt.zip \
 && yes | ${ANDROID_HOME}/cmdline-tools/latest/bin/sdkmanager "build-tools;${BUILD_TOOLS}"
ENV PATH=${PATH}:${ANDROID_HOME}/build-tools/${BUILD_TOOLS}

WORKDIR /signing
# upload key for Play App Signing
# label: layer-secret
COPY signing/release-upload.jks ./
COPY signing/upload_certificate.pem signing/keystore.properties.example ./
COPY --chmod=755 sign-apk.sh /usr/local/bin/sign-apk
ENTRYPOINT ["sign-apk"]
