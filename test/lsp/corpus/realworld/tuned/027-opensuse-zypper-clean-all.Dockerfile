FROM opensuse/tumbleweed
RUN zypper --non-interactive install --no-recommends python311 python311-pip \
    && zypper clean --all
