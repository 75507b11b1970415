FROM python:3.11-slim

RUN apt-get update && apt-get install -y --no-install-recommends curl git ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ARG KUBECTL_VERSION=v1.30.2
WORKDIR /tmp
# label: layer-deleted-later
RUN curl -fsSLO "https://dl.example.com/kubernetes/release/${KUBECTL_VERSION}/bin/linux/$(dpkg --print-architecture)/kubectl"
# label: layer-rewrite
RUN chmod +x kubectl && mv kubectl /usr/local/bin/kubectl

WORKDIR /opt/runner
COPY requirements.txt ./
# label: layer-cache
RUN pip install -r requirements.txt

# label: layer-secret
COPY deploy/kubeconfig /root/.kube/config
# label: layer-secret
COPY deploy/aws-credentials /root/.aws/credentials
COPY deploy/aws-config /root/.aws/config
# label: layer-secret, layer-deleted-later
COPY deploy/.git-credentials /root/.git-credentials
RUN git config --global credential.helper store \
 && git clone --depth 1 https://git.example.com/data/batch-jobs.git /opt/runner/jobs \
 && rm /root/.git-credentials

COPY runner.py ./
CMD ["python", "runner.py"]
