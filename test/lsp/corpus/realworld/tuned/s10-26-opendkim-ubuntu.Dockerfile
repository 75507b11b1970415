FROM ubuntu:24.04

# label: layer-cache, layer-deleted-later
RUN apt-get update
RUN DEBIAN_FRONTEND=noninteractive apt-get install -y opendkim opendkim-tools postfix-pcre
RUN rm -rf /var/lib/apt/lists/*

RUN mkdir -p /etc/opendkim/keys/example.org \
 && chown -R opendkim:opendkim /etc/opendkim/keys

COPY --chown=opendkim:opendkim opendkim.conf /etc/opendkim.conf
COPY --chown=opendkim:opendkim TrustedHosts SigningTable KeyTable /etc/opendkim/

EXPOSE 8891
CMD ["opendkim", "-f", "-x", "/etc/opendkim.conf"]
