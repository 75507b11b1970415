FROM ruby:3.2-alpine

RUN apk add --no-cache build-base git

# label: layer-cache
RUN gem install bundler:2.5.6 rake --no-document

# publishing credentials for the release job
# label: layer-secret
COPY ci/gem-credentials /root/.gem/credentials

WORKDIR /gem
COPY . .
CMD ["rake", "release"]
