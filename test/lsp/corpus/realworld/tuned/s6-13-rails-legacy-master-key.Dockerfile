FROM ruby:3.1-bullseye

ARG NODE_VERSION=18.19.1
ARG NODE_URL=https://nodejs.example.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz

RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends libpq-dev xz-utils \
    && rm -rf /var/lib/apt/lists/*

# label: layer-archive
RUN curl -fsSL "$NODE_URL" -o /tmp/node.tar.xz \
    && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 \
    && npm install -g yarn@1.22.22 \
    && npm cache clean --force

ENV APP_HOME=/var/app
WORKDIR $APP_HOME

COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN gem install bundler -v 2.4.22 && bundle install --jobs 4 --retry 3

COPY . .
# label: layer-secret
COPY config/master.key config/master.key

RUN bundle exec bootsnap precompile app/ lib/

EXPOSE 3000
CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]
