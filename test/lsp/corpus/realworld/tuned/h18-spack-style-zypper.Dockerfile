FROM opensuse/leap:15.5
# label: layer-cache
RUN zypper ref && \
    zypper up -y && \
    zypper in -y bzip2 curl file gcc-c++ make patch tar unzip xz && \
    zypper clean
