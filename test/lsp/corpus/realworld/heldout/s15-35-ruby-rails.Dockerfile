# syntax=docker/dockerfile:1
FROM ruby:3.3.4-slim

WORKDIR /rails
ENV RAILS_ENV=production \
    BUNDLE_DEPLOYMENT=1 \
    BUNDLE_PATH=/usr/local/bundle \
    BUNDLE_WITHOUT=development

RUN apt-get update -qq && \
    apt-get install --no-install-recommends -y build-essential git libpq-dev curl && \
    rm -rf /var/lib/apt/lists /var/cache/apt/archives

COPY Gemfile Gemfile.lock ./
RUN bundle install && \
    rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache "${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git

COPY . .
RUN bundle exec bootsnap precompile app/ lib/

RUN useradd rails --create-home --shell /bin/bash
# label: layer-rewrite
RUN chown -R rails:rails db log storage tmp

USER rails:rails
EXPOSE 3000
CMD ["./bin/rails", "server"]
