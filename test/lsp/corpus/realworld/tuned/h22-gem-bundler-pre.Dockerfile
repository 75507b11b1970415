FROM ruby:2.7
ENV APP_HOME=/myapp
RUN mkdir $APP_HOME
WORKDIR $APP_HOME
ADD . $APP_HOME/
# label: layer-cache
RUN gem install bundler -v 2.4.22
# label: layer-cache
RUN bundle install --jobs=4
