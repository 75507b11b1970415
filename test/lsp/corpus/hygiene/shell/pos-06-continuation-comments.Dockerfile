FROM rockylinux:9
# expect: layer-cache `dnf install`
RUN dnf install -y \
# the version control system
      git \
# and a compiler
      gcc \
    && echo installed
