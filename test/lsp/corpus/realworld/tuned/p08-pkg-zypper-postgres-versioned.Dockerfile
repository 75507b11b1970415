FROM registry.example.com/opensuse/leap:15.6
RUN zypper --non-interactive install --no-recommends postgresql16-server postgresql16-contrib && zypper clean --all
# label: layer-rewrite
RUN chown -R postgres:postgres /usr/share/postgresql16 && chmod 0644 /etc/postgresql16/postgresql.conf.sample
USER postgres
