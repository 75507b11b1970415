# Built by test/interop/build/measuredWaste.test.ts with the embedded builder (busybox base, stand-in
# package managers from test/support/standins): each `# waste:` line gives the bytes the flagged files
# take in that instruction's layer, which the diagnostic must show and `image analyze` must report.
FROM busybox:latest
# context: site/index.html 5000
# context: site/assets/app.js 90000
# context: site/maps/app.js.map 60000
# label: layer-deleted-later
# waste: layer-deleted-later 60000 /srv/site/maps
COPY site/ /srv/site/
RUN rm -rf /srv/site/maps
