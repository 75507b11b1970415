FROM centos:7

MAINTAINER ops@example.org

# label: layer-cache, layer-deleted-later
RUN yum install -y epel-release && yum install -y nginx

COPY nginx.conf /etc/nginx/nginx.conf
COPY html/ /usr/share/nginx/html/

RUN yum clean all

EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
