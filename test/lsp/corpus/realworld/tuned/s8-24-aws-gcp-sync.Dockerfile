FROM python:3.12-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl unzip groff-base less \
    && rm -rf /var/lib/apt/lists/*

RUN curl -fsSL "https://awscli.example.com/awscli-exe-linux-x86_64.zip" -o /tmp/awscliv2.zip \
    && unzip -q /tmp/awscliv2.zip -d /tmp \
    && /tmp/aws/install \
    && rm -rf /tmp/aws /tmp/awscliv2.zip

# region and output format only
COPY aws/config /root/.aws/config
# label: layer-secret
COPY aws/credentials /root/.aws/credentials
# label: layer-secret
COPY keys/deployer-service-account.json /secrets/gcp/deployer-service-account.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp/deployer-service-account.json

WORKDIR /jobs
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt
COPY jobs/ .
CMD ["python", "sync_buckets.py", "--once"]
