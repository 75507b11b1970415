FROM registry.opensuse.org/opensuse/leap:15.6
RUN zypper -n in curl tar gzip && zypper cc -a
WORKDIR /work
