FROM tomcat:10.1-jre17
WORKDIR /usr/local/tomcat/webapps
# label: layer-archive
RUN curl -fsSLo app.war https://example.com/builds/app-5.2.war && unzip -q app.war -d ROOT
