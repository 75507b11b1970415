FROM ubuntu:22.04

ARG NDK_VERSION=r26c
ARG GRADLE_VERSION=8.5

RUN apt-get update && apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless wget unzip build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt
# download the NDK (r26c)
# label: layer-archive, layer-deleted-later
RUN wget -q https://dl.example.com/android/repository/android-ndk-${NDK_VERSION}-linux.zip \
    && unzip -q android-ndk-${NDK_VERSION}-linux.zip
RUN rm android-ndk-${NDK_VERSION}-linux.zip

# gradle
# label: layer-archive
RUN wget -q https://dist.example.org/gradle/gradle-${GRADLE_VERSION}-bin.zip
RUN unzip -q gradle-${GRADLE_VERSION}-bin.zip

ENV ANDROID_NDK_ROOT=/opt/android-ndk-${NDK_VERSION} \
    ANDROID_NDK_HOME=/opt/android-ndk-${NDK_VERSION} \
    PATH=$PATH:/opt/gradle-${GRADLE_VERSION}/bin
# docker run --rm -it -v $(pwd):/src ndk-builder gradle assembleDebug
