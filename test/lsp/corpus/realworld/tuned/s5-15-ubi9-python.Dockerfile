# Modelled on: Red Hat UBI 9 application images installing Python with dnf
FROM registry.access.redhat.com/ubi9/ubi:9.3
# label: layer-cache, layer-deleted-later
RUN dnf install -y python3.11 python3.11-pip gcc
RUN dnf clean all
WORKDIR /opt/app-root/src
COPY requirements.txt ./
RUN python3.11 -m pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
USER 1001
CMD ["python3.11", "-m", "app"]
