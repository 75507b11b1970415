FROM gradle:8.8-jdk21
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
# label: layer-cache
RUN gradle build --no-daemon -x test
