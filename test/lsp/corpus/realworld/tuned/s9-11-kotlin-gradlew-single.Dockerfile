FROM eclipse-temurin:17-jdk-jammy
WORKDIR /workspace

COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle gradle
# label: layer-rewrite
RUN chmod +x gradlew
# warm the dependency cache
# label: layer-cache, layer-deleted-later
RUN ./gradlew --no-daemon dependencies

COPY src src
# label: layer-deleted-later
RUN ./gradlew --no-daemon installDist -x test \
    && rm -rf /root/.gradle

RUN cp -r build/install/inventory /opt/inventory && rm -rf build
ENV PATH=/opt/inventory/bin:$PATH
CMD ["inventory"]
