FROM example/android-sdk:34 AS sdk

FROM gradle:8.7-jdk17
ENV ANDROID_HOME=/opt/android-sdk
COPY --from=sdk /opt/android-sdk /opt/android-sdk

WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
USER gradle
# label: layer-cache, layer-deleted-later
RUN gradle assembleDebug --no-daemon
# keep the APKs, drop the intermediates
RUN rm -rf app/build/intermediates app/build/tmp

CMD ["gradle", "connectedDebugAndroidTest", "--no-daemon"]
