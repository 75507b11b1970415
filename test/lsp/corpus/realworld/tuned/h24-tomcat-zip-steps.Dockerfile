FROM ubuntu:20.04
# label: layer-cache
RUN apt-get update && apt-get install -y openjdk-17-jre-headless wget unzip
# label: layer-archive, layer-deleted-later
RUN wget https://example.org/dist/tomcat/apache-tomcat-10.1.24.zip
RUN unzip apache-tomcat-10.1.24.zip
RUN rm apache-tomcat-10.1.24.zip
# label: layer-rewrite
RUN chmod -R 755 apache-tomcat-10.1.24
