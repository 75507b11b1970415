FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y --setopt=install_weak_deps=False java-17-openjdk-headless \
    && dnf clean all
# added later by someone debugging the queue
# label: layer-cache
RUN dnf install -y jq procps-ng
ADD --checksum=sha256:0c1d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff001122334455 \
    https://artifacts.example.com/worker/queue-worker-2.7.0.jar /opt/worker/worker.jar
RUN useradd -r -u 1001 worker
USER 1001
ENTRYPOINT ["java", "-jar", "/opt/worker/worker.jar"]
