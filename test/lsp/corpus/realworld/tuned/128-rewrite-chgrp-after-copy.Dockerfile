FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
COPY dist/ /deployments/
# label: layer-rewrite
RUN chgrp -R 0 /deployments && chmod -R g=u /deployments
USER 1001
