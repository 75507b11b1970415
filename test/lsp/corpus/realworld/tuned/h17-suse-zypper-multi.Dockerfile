FROM opensuse/leap:15.6
# label: layer-cache, layer-deleted-later
RUN zypper --non-interactive ref
# label: layer-cache, layer-deleted-later
RUN zypper --non-interactive up
# label: layer-cache, layer-deleted-later
RUN zypper --non-interactive in java-21-openjdk-headless
RUN zypper --non-interactive clean -a
