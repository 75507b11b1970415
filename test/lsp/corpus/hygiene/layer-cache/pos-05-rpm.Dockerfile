FROM fedora:40
# expect: layer-cache dnf clean all
RUN dnf install -y gcc make && dnf -y upgrade
FROM registry.access.redhat.com/ubi9/ubi-minimal
# expect: layer-cache microdnf clean all
RUN microdnf install -y tar gzip
FROM centos:7
# expect: layer-cache yum clean all
RUN yum -y install epel-release
