FROM rockylinux:9
# label: layer-cache
RUN dnf -y install java-17-openjdk-headless
# label: layer-archive
ADD https://example.org/dist/apache-tomcat-10.1.25.tar.gz /opt
WORKDIR /opt/
RUN tar -xvzf apache-tomcat-10.1.25.tar.gz -C /opt
