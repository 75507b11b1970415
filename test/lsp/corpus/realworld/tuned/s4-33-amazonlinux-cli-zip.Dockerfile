# Modelled on: amazonlinux tool images that install a vendor CLI from its zip (curl -o, unzip, ./install --bin-dir)
FROM amazonlinux:2023
RUN dnf install -y unzip less groff-base && dnf clean all
WORKDIR /tmp
# label: layer-archive
RUN curl -fsSL "https://downloads.example.com/cli/examplecli-linux-x86_64.zip" -o examplecli.zip \
    && unzip -q examplecli.zip \
    && ./examplecli/install --bin-dir /usr/local/bin \
    && rm -rf ./examplecli
RUN curl -fsSL https://downloads.example.com/sam/sam-linux-x86_64.zip -o /tmp/sam.zip \
    && unzip -q /tmp/sam.zip -d /opt/sam \
    && rm /tmp/sam.zip
WORKDIR /work
ENTRYPOINT ["examplecli"]
