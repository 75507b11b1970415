FROM ubuntu:24.04
WORKDIR /opt
# expect: layer-archive `/opt/apache-maven-3.9.6-bin.tar.gz` is downloaded by this RUN (wget) and extracted by the RUN on line 5
RUN wget -q https://archive.example.org/maven/apache-maven-3.9.6-bin.tar.gz
RUN tar xzf apache-maven-3.9.6-bin.tar.gz
