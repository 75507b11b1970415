FROM amazon/aws-cli:2.17.0
# label: layer-secret
COPY aws/credentials /root/.aws/credentials
ENTRYPOINT ["aws"]
