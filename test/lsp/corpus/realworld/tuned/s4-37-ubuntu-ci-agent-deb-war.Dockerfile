# Modelled on: CI agent images on ubuntu (vendor .deb fetched and installed with dpkg -i, a web archive unpacked for a servlet app)
FROM ubuntu:22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates unzip openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/buildmon.deb https://pkg.example.com/buildmon/buildmon_3.1.0_amd64.deb \
    && dpkg -i /tmp/buildmon.deb \
    && rm /tmp/buildmon.deb
# label: layer-rewrite
RUN chmod -R g+rwX /etc/buildmon
WORKDIR /opt/reports
# label: layer-archive
RUN curl -fsSLO https://downloads.example.org/reports/reports-web-2.0.war \
    && unzip -q reports-web-2.0.war -d webapp
EXPOSE 8080
CMD ["java", "-cp", "/opt/reports/webapp/WEB-INF/lib/*", "org.example.reports.Main"]
