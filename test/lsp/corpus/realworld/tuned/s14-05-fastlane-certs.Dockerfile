FROM ruby:3.2-slim

WORKDIR /lanes
COPY Gemfile Gemfile.lock ./
# compilers only for the native gems, purged in the same step
# label: layer-cache
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential \
 && bundle install --jobs 4 \
 && apt-get purge -y --auto-remove build-essential

COPY fastlane/ ./fastlane/
# public certificates only; the signing identity comes from match at run time
COPY certs/apple-wwdr-g3.cer certs/upload_cert.pem ./certs/

ENV FASTLANE_SKIP_UPDATE_CHECK=1 \
    FASTLANE_HIDE_TIMESTAMP=1
ENTRYPOINT ["bundle", "exec", "fastlane"]
