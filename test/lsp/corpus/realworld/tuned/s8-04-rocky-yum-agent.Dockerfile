FROM rockylinux:8.9

ARG AGENT_VERSION=4.2.7
ARG AGENT_RPM=https://downloads.example.com/agent/monagent-${AGENT_VERSION}-1.el8.x86_64.rpm

# label: layer-cache, layer-deleted-later
RUN yum -y install epel-release && \
    yum -y install supervisor jq procps-ng

RUN curl -fsSL -o /tmp/monagent.rpm "${AGENT_RPM}" \
 && rpm -i /tmp/monagent.rpm \
 && rm -f /tmp/monagent.rpm

# tighten the packaged config (it holds the ingest key placeholder)
# label: layer-rewrite
RUN chmod 0640 /etc/monagent/monagent.yaml && \
    chgrp monagent /etc/monagent/monagent.yaml

COPY supervisord.d/ /etc/supervisord.d/

# "cleanup" step, one layer too late
RUN yum clean all && rm -rf /var/cache/yum

CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
