FROM gradle:8.7-jdk17

USER gradle
WORKDIR /home/gradle/project
# label: layer-deleted-later
COPY --chown=gradle:gradle . .

# label: layer-cache, layer-deleted-later
RUN gradle bootJar --no-daemon -x test

RUN mv build/libs/*.jar /home/gradle/scheduler.jar \
    && rm -rf build src .gradle

EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/home/gradle/scheduler.jar"]
