# Modelled on: Rails application Dockerfiles (ruby slim base, BUNDLE_PATH, gem cache removed, assets precompile, non-root user)
ARG RUBY_VERSION=3.3.1
FROM ruby:${RUBY_VERSION}-slim AS base
WORKDIR /rails
ENV RAILS_ENV=production BUNDLE_DEPLOYMENT=1 BUNDLE_PATH=/usr/local/bundle BUNDLE_WITHOUT=development:test

FROM base AS build
RUN apt-get update -qq \
    && apt-get install --no-install-recommends -y build-essential git libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists /var/cache/apt/archives
COPY Gemfile Gemfile.lock ./
RUN bundle install \
    && rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache "${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git
COPY . .
RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

FROM base
RUN apt-get update -qq \
    && apt-get install --no-install-recommends -y curl libjemalloc2 postgresql-client \
    && rm -rf /var/lib/apt/lists /var/cache/apt/archives
COPY --from=build "${BUNDLE_PATH}" "${BUNDLE_PATH}"
COPY --from=build /rails /rails
# label: layer-rewrite
RUN groupadd --system --gid 1000 rails \
    && useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash \
    && chown -R rails:rails db log storage tmp
USER 1000:1000
EXPOSE 3000
CMD ["./bin/rails", "server"]
