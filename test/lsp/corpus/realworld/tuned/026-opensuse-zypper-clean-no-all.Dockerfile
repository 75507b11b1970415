FROM opensuse/leap:15.5
# label: layer-cache
RUN zypper -n refresh && zypper -n install --no-recommends git make gcc && zypper clean
