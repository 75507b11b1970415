FROM registry.access.redhat.com/ubi9/ubi:9.4

# label: layer-cache
RUN dnf install -y python3.11 python3.11-pip git xz

ARG NODE_VERSION=20.15.0
# label: layer-archive, layer-deleted-later
RUN curl -fsSLo /tmp/node.tar.xz "https://nodejs.example.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz" \
 && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
RUN rm -f /usr/local/CHANGELOG.md /usr/local/README.md

WORKDIR /opt/app-root/src
COPY requirements.txt .
RUN python3.11 -m pip install --no-cache-dir -r requirements.txt

# label: layer-deleted-later
COPY . .
RUN rm -rf ./tests ./docs

USER 1001
CMD ["python3.11", "-m", "catalog"]
