FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless curl git unzip xz-utils zip libglu1-mesa ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV ANDROID_SDK_ROOT=/opt/android-sdk
ARG CMDLINE_TOOLS_URL=https://dl.example.com/android/repository/commandlinetools-linux-11076708_latest.zip
# label: layer-archive, layer-deleted-later
RUN mkdir -p ${ANDROID_SDK_ROOT}/cmdline-tools \
 && cd ${ANDROID_SDK_ROOT}/cmdline-tools \
 && curl -fsSLO "$CMDLINE_TOOLS_URL" \
 && unzip -q "$(basename "$CMDLINE_TOOLS_URL")" \
 && mv cmdline-tools latest
ENV PATH=${ANDROID_SDK_ROOT}/cmdline-tools/latest/bin:${ANDROID_SDK_ROOT}/platform-tools:$PATH

RUN yes | sdkmanager --licenses >/dev/null \
 && sdkmanager "platform-tools" "platforms;android-34" "build-tools;34.0.0" \
 && rm -rf /root/.android/cache

# label: layer-deleted-later
RUN git clone --depth 1 --branch 3.22.0 https://git.example.com/flutter/flutter.git /opt/flutter
ENV PATH=/opt/flutter/bin:$PATH
RUN rm -rf /opt/flutter/.git \
 && rm -f ${ANDROID_SDK_ROOT}/cmdline-tools/commandlinetools-linux-*_latest.zip
# CI runners use a random uid
# label: layer-rewrite
RUN chmod -R a+rwX /opt/flutter
