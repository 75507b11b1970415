# syntax=docker/dockerfile:1.7
FROM ubuntu:24.04

ARG CMDLINE_TOOLS_ZIP=commandlinetools-linux-11076708_latest.zip
ENV ANDROID_HOME=/opt/android-sdk
ENV PATH=${PATH}:${ANDROID_HOME}/cmdline-tools/latest/bin:${ANDROID_HOME}/emulator

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends openjdk-17-jdk-headless curl unzip libpulse0 libgl1
rm -rf /var/lib/apt/lists/*
mkdir -p "$ANDROID_HOME/cmdline-tools"
cd /tmp
curl -fsSLO "https://dl.example.com/android/repository/${CMDLINE_TOOLS_ZIP}"
unzip -q "$CMDLINE_TOOLS_ZIP" -d "$ANDROID_HOME/cmdline-tools"
mv "$ANDROID_HOME/cmdline-tools/cmdline-tools" "$ANDROID_HOME/cmdline-tools/latest"
rm -f "$CMDLINE_TOOLS_ZIP"
find "$ANDROID_HOME" -name '*.bat' -exec rm -f {} \;
EOF

RUN yes | sdkmanager --licenses > /dev/null \
 && sdkmanager "emulator" "platform-tools" "system-images;android-34;google_apis;x86_64"

RUN curl -fsSL https://dl.example.com/tools/adb-wait.sh -o /usr/local/bin/adb-wait
# label: layer-rewrite
RUN chmod +x /usr/local/bin/adb-wait

CMD ["emulator", "-avd", "ci", "-no-window", "-no-audio"]
