FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4

RUN microdnf install -y --nodocs --setopt=install_weak_deps=0 \
        java-17-openjdk-headless shadow-utils \
 && microdnf clean all \
 && useradd -u 1001 -r -g 0 -d /opt/svc -s /sbin/nologin svc

WORKDIR /opt/svc
COPY --chown=1001:0 --chmod=0640 build/libs/ticketing.jar app.jar
COPY certs/internal-ca.crt /etc/pki/ca-trust/source/anchors/internal-ca.crt
RUN update-ca-trust extract

USER 1001
EXPOSE 8080
CMD ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/svc/app.jar"]
