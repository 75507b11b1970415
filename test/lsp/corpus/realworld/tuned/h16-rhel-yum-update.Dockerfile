FROM registry.access.redhat.com/ubi8/ubi:8.10
# label: layer-cache
RUN yum update -y && yum install -y nginx
EXPOSE 8080
