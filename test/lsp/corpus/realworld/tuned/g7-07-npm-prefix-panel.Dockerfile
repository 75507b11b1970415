# Modelled on: Node front-ends built with npm ci and npm run build (knightss27/grafana-network-weathermap, ASB24/meeting-system), here driven from / with --prefix and pruned afterwards
FROM node:20-bookworm-slim
# label: layer-deleted-later
COPY . /srv/panel
# label: layer-deleted-later
RUN npm --prefix /srv/panel ci && npm cache clean --force
RUN npm --prefix /srv/panel run build
RUN rm -rf /srv/panel/src /srv/panel/node_modules
CMD ["node", "/srv/panel/dist/server.js"]
