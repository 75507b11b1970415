FROM node:20-bookworm
# label: layer-cache
RUN npm i -g @angular/cli@18
WORKDIR /ng
COPY . .
# label: layer-cache
RUN yarn
