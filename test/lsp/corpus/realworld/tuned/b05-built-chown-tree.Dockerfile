# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context: app/data.bin 120000
# context: app/run.sh 2000
COPY app/ /srv/app/
# label: layer-rewrite
# waste: layer-rewrite 122000 /srv/app
RUN chown -R nobody /srv/app
