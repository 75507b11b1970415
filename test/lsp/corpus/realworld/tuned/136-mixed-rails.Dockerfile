FROM ruby:3.3-slim AS base
WORKDIR /rails
ENV BUNDLE_PATH=/usr/local/bundle BUNDLE_WITHOUT=development
FROM base AS build
# label: layer-cache
RUN apt-get update -qq && apt-get install --no-install-recommends -y build-essential git
COPY Gemfile Gemfile.lock ./
RUN bundle install && rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache
COPY . .
FROM base
COPY --from=build /usr/local/bundle /usr/local/bundle
COPY --from=build /rails /rails
