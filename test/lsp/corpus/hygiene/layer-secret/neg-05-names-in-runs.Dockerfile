FROM alpine:3.20
RUN ssh-keygen -A
RUN echo "registry=https://registry.example.com/" > /etc/npmrc-template
COPY keys.txt docs/secrets-management.md /usr/share/doc/app/
