# Modelled on: openSUSE-based ops toolboxes (zypper with clean --all, kubectl config and CA baked in, helper scripts)
FROM opensuse/tumbleweed
RUN zypper -n in --no-recommends kubernetes-client helm git-core && zypper clean --all
RUN mkdir -p /root/.kube
# label: layer-secret
COPY ops/kubeconfig-staging.yaml /root/.kube/config
COPY ops/ca-bundle.pem /etc/pki/trust/anchors/example-ca.pem
RUN update-ca-certificates
COPY ops/scripts/ /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/*.sh
WORKDIR /root
CMD ["bash"]
