FROM quay.io/centos/centos:stream9
# label: layer-cache, layer-deleted-later
RUN yum -y install epel-release && yum -y install jq
RUN yum clean all && rm -rf /var/cache/yum /var/cache/dnf
