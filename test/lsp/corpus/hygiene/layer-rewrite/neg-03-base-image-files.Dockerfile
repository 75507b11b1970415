FROM postgres:16
RUN sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/postgresql.conf.sample
RUN chmod 0700 /var/lib/postgresql/data
RUN chown -R postgres:postgres /var/run/postgresql
