# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context: conf/app.conf 30000
COPY conf/app.conf /etc/app.conf
# label: layer-rewrite
# waste: layer-rewrite 30000 /etc/app.conf
RUN sed -i 's/a/b/' /etc/app.conf
