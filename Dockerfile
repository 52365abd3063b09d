# syntax=docker/dockerfile:1
# Logwarden image. Build the jar first (`mvn -B -DskipTests package` -> target/logwarden.jar),
# then: docker build -t logwarden:0.1.0 .
# Multi-stage: split the Spring Boot fat jar into layers (dependencies change rarely,
# application classes often) so rebuilds push only the small top layers.

FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY target/logwarden.jar logwarden.jar
# Boot 3.5 layertools successor: writes logwarden/{dependencies,spring-boot-loader,
# snapshot-dependencies,application}/ with a launcher-based layout.
RUN java -Djarmode=tools -jar logwarden.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# Non-root user 10001 (matches runAsUser in k8s/); no login shell, no home on the image.
RUN groupadd --system --gid 10001 logwarden \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp/home --shell /usr/sbin/nologin logwarden
# Relative routes/, models/ and data/ (the defaults of logwarden.routes-dir, .models-dir,
# .data-dir) resolve under /app. In Kubernetes, routes/ is replaced by the ConfigMap mount
# and models/ + data/ move to the volume at /var/lib/logwarden (see k8s/base).
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
COPY routes/ ./routes/
COPY models/ ./models/
RUN mkdir -p /app/data /var/lib/logwarden /tmp/home /tmp/djl \
 && chown -R 10001:10001 /app/data /var/lib/logwarden /tmp/home /tmp/djl
# DJL extracts the PyTorch native library into its cache: keep it (and HOME) on /tmp,
# the one writable place when the root filesystem is read-only.
# Memory: the heap is a share of the container's limit (the live set is about 60 MB; PyTorch's native
# memory, metaspace and code cache live outside it), the serial collector as `make run` uses (G1 kept
# about 45 MB more native memory), the other JVM pools are bounded, PyTorch's OpenMP
# pool has one thread (as TorchThreads sets for its own pools) and glibc keeps two malloc arenas.
ENV HOME=/tmp/home \
    DJL_CACHE_DIR=/tmp/djl \
    ENGINE_CACHE_DIR=/tmp/djl \
    MALLOC_ARENA_MAX=2 \
    OMP_NUM_THREADS=1 \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -XX:+UseContainerSupport -XX:+UseSerialGC -XX:MaxRAMPercentage=35.0 -XX:InitialRAMPercentage=10.0 -XX:MetaspaceSize=160m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=128m -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
# 8000: HTTP (REST, dashboard, actuator, Hawtio); 8001: WebSocket /api/v1/streaming/ws
EXPOSE 8000 8001
VOLUME ["/tmp"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
