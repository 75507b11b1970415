FROM ubuntu:24.04

ARG TF_VERSION=1.8.5
ENV TF_URL=https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl unzip git less groff \
    && rm -rf /var/lib/apt/lists/*

RUN curl -fsSL "https://awscli.example.com/awscli-exe-linux-x86_64.zip" -o /tmp/awscliv2.zip \
    && unzip -q /tmp/awscliv2.zip -d /tmp \
    && /tmp/aws/install \
    && rm -rf /tmp/awscliv2.zip /tmp/aws

# label: layer-archive, layer-deleted-later
RUN cd /tmp \
    && curl -fsSLO "$TF_URL" \
    && unzip "terraform_${TF_VERSION}_linux_amd64.zip" -d /usr/local/bin

# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/terraform \
    && rm -f /tmp/terraform_${TF_VERSION}_linux_amd64.zip

RUN useradd --create-home --shell /bin/bash ci
USER ci
WORKDIR /home/ci
ENTRYPOINT ["/bin/bash", "-c"]
