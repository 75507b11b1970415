FROM ruby:3.3-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential git curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install --jobs 4 --retry 3
# label: layer-cache
RUN gem install fastlane -N

COPY fastlane ./fastlane
# Play Console key for `supply`
# label: layer-secret
COPY play-store-service-account.json /app/fastlane/

CMD ["bundle", "exec", "fastlane", "android", "deploy"]
