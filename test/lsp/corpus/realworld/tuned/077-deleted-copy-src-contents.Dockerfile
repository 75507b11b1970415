FROM node:20-slim
WORKDIR /srv
# label: layer-deleted-later
COPY ./web ./
RUN rm -rf ./__mocks__ ./coverage
