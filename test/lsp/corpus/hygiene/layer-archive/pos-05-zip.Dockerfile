FROM eclipse-temurin:21-jre
WORKDIR /opt/app
# expect: layer-archive `/opt/app/dist.zip`
COPY dist.zip .
RUN unzip -q dist.zip -d /opt/app/lib
FROM debian:bookworm-slim
# expect: layer-archive `/tmp/terraform_1.8.0_linux_amd64.zip` is downloaded by this RUN (curl)
RUN cd /tmp && curl -fsSLO https://releases.example.com/terraform_1.8.0_linux_amd64.zip \
    && unzip terraform_1.8.0_linux_amd64.zip -d /usr/local/bin
