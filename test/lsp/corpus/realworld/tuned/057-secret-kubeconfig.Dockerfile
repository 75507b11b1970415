FROM alpine/k8s:1.30.2
# label: layer-secret
COPY ops/staging.kubeconfig /root/.kube/config
CMD ["kubectl", "get", "pods"]
