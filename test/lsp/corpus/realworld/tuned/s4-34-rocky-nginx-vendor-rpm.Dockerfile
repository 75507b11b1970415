# Modelled on: Rocky/CentOS-based service images (epel, dnf clean in its own RUN, config edited with sed, vendor RPM with rpm -i)
FROM rockylinux:9
# label: layer-cache, layer-deleted-later
RUN dnf install -y epel-release && dnf install -y jq nginx
RUN dnf clean all
# label: layer-rewrite
RUN sed -i 's/worker_processes auto;/worker_processes 2;/' /etc/nginx/nginx.conf
# label: layer-deleted-later
COPY vendor/tracewire-7.2.1-1.x86_64.rpm /tmp/
RUN rpm -i /tmp/tracewire-7.2.1-1.x86_64.rpm && rm /tmp/tracewire-7.2.1-1.x86_64.rpm
# label: layer-rewrite
RUN chmod 0750 /opt/tracewire/bin/tracewire-ctl.sh
COPY nginx/conf.d/ /etc/nginx/conf.d/
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
