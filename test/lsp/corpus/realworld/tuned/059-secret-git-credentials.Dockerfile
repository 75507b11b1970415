FROM alpine/git:2.45.2
# label: layer-secret
COPY .git-credentials /root/.git-credentials
RUN git config --global credential.helper store
