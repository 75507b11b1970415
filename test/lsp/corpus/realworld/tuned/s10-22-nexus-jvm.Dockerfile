FROM eclipse-temurin:17-jre-jammy

ARG NEXUS_VERSION=3.69.0-02
ARG NEXUS_URL=https://download.example.com/nexus/3/nexus-${NEXUS_VERSION}-unix.tar.gz
ENV SONATYPE_DIR=/opt/sonatype
ENV NEXUS_HOME=${SONATYPE_DIR}/nexus \
    NEXUS_DATA=/nexus-data

RUN groupadd -r -g 200 nexus \
 && useradd -r -u 200 -g nexus -d ${NEXUS_HOME} -s /bin/false nexus

# label: layer-archive, layer-deleted-later
RUN curl -fsSL "${NEXUS_URL}" -o /tmp/nexus.tar.gz

RUN mkdir -p ${SONATYPE_DIR} \
 && tar -xzf /tmp/nexus.tar.gz -C ${SONATYPE_DIR} \
 && mv ${SONATYPE_DIR}/nexus-${NEXUS_VERSION} ${NEXUS_HOME} \
 && rm -f /tmp/nexus.tar.gz

# keep the data dir outside the install
# label: layer-rewrite
RUN sed -i -e 's|^-Dkaraf.data=.*|-Dkaraf.data=/nexus-data|' \
           -e 's|^-Xms2703m|-Xms1200m|' \
           ${NEXUS_HOME}/bin/nexus.vmoptions \
 && mkdir -p ${NEXUS_DATA}/etc ${NEXUS_DATA}/log ${NEXUS_DATA}/tmp \
 && chown -R nexus:nexus ${NEXUS_DATA}

VOLUME ${NEXUS_DATA}
EXPOSE 8081
USER nexus
WORKDIR ${NEXUS_HOME}
CMD ["bin/nexus", "run"]
