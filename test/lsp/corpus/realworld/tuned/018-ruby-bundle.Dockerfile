FROM ruby:3.3-slim
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install --jobs 4 --retry 3
COPY . .
CMD ["bundle", "exec", "puma"]
