FROM alpine:3.20
# expect: layer-archive `/tmp/jdk.tar.gz` is brought in by this ADD
ADD https://download.example.com/jdk/jdk-21_linux-x64_bin.tar.gz /tmp/jdk.tar.gz
RUN mkdir -p /opt/jdk && tar -xzf /tmp/jdk.tar.gz -C /opt/jdk
