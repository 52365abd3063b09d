# Logwarden: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
MAVEN ?= mvn -B
MVN ?= $(MAVEN) -q
JAVA ?= java
JAR := target/logwarden.jar
JAVA_OPTS ?= -Dai.djl.offline=true
## Memory limits of `make run` (and of the service `make bench-e2e` starts). Without them the JVM takes a quarter
## of the machine for its heap and grew to 2.5 GB resident while its live set was 60 MB. The live heap stays
## 70-160 MB (a 10-minute run at 3,000 lines/s), so 256 MB is the heap; the serial collector (what the JVM
## itself picks in a container under 1.8 GB) keeps about 45 MB of native bookkeeping less than G1, which took
## the process over 768 MB resident. MetaspaceSize starts the metadata threshold above the ~135 MB the service
## loads, so start-up runs no full collections for it. Metaspace, code cache and direct buffers are bounded;
## PyTorch runs on one thread (TorchThreads; OMP_NUM_THREADS for its OpenMP pool) and glibc keeps two malloc
## arenas instead of eight per core, which held native memory of idle threads.
JVM_MEMORY ?= -XX:+UseSerialGC -Xms256m -Xmx256m -XX:MetaspaceSize=160m -XX:MaxMetaspaceSize=256m \
	-XX:ReservedCodeCacheSize=128m -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError
NATIVE_ENV ?= MALLOC_ARENA_MAX=2 OMP_NUM_THREADS=1
SOURCES := $(shell find src/main -type f) pom.xml

.PHONY: run build test parse train eval k8s-validate bench bench-parse bench-tail bench-tail-idle bench-model bench-e2e screenshots clean help kafka kafka-stop run-cluster kafka-demo bench-kafka

help:
	@echo "make run            build and start the service with the embedded H2 database and the live demo"
	@echo "make test           all tests (unit, integration, PostgreSQL, loghub accuracy, browser, k8s manifests)"
	@echo "make parse INPUT=FILE [FORMAT='<Date> <Time> <Level>: <Content>'] [OUTPUT=out.csv]"
	@echo "make train [LOG=normal.log] [NAME=demo] [FORMAT=...]  train a DeepLog model into models/NAME (default: the demo's normal traffic)"
	@echo "make eval           the detector on the shared HDFS split: 5 folds x seeds 1-5, then 10% training"
	@echo "make bench-model    windows/s through the djl: route, batched vs one per exchange"
	@echo "make bench-e2e      the whole service: lines/s end to end vs the bare parts, latency, memory, idle CPU (table)"
	@echo "make k8s-validate   render every Kustomize overlay and check it against the Kubernetes API schema"
	@echo "make bench-parse    template miner lines/s over the loghub sets (table, with the load average)"
	@echo "make bench          miner and tailer benchmarks (tables on stdout)"
	@echo "make screenshots    refresh docs/dashboard*.png from a demo service (needs chromium, chromium-driver)"
	@echo "make kafka          a single-node Kafka broker (KRaft) on :9092 in the background, data in data/kafka"
	@echo "make kafka-stop     stop that broker (its data stays)"
	@echo "make run-cluster    broker + agent (demo auth.log, :8100) + 2 detectors (:8000, :8010) on PostgreSQL; Ctrl-C stops"
	@echo "make bench-kafka    agent -> Kafka -> 1 and 2 detectors: lines/s, latency, lag under a burst vs a bare consumer (table, load)"

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

build: $(JAR)

## Start the service on :8000 (HTTP, dashboard) and :8001 (WebSocket) with the demo auth.log.
run: $(JAR)
	$(NATIVE_ENV) $(JAVA) $(JAVA_OPTS) $(JVM_MEMORY) -jar $(JAR)

## Not quiet: Maven prints each test class's counts and the summary (Tests run, Failures, Errors, Skipped).
test:
	$(MAVEN) test

INPUT ?=
OUTPUT ?= target/parsed.csv
FORMAT ?=
## Template every line of INPUT into OUTPUT (LineId,EventId,EventTemplate).
parse: $(JAR)
	@test -n "$(INPUT)" || { echo "usage: make parse INPUT=FILE [FORMAT='<Date> <Time> <Content>'] [OUTPUT=out.csv]" >&2; exit 2; }
	$(JAVA) -jar $(JAR) parse --input "$(INPUT)" $(if $(FORMAT),--format '$(FORMAT)') --output "$(OUTPUT)"

LOG ?=
NAME ?= demo
EPOCHS ?= 10
TOP_G ?= 0
SYSLOG_FORMAT := <Month> <Date> <Time> <Host> <Component>: <Content>
TRAIN_FORMAT = $(or $(FORMAT),$(if $(LOG),,$(SYSLOG_FORMAT)))
SHARED_DATA ?= $(or $(LOGWARDEN_SHARED_DATA),$(wildcard ../shared/data),/work/shared/data)
DEMO_LINES ?= 200000
## Train a DeepLog model on a log of normal behaviour (by default 200,000 lines of the demo's normal traffic:
## its last 15% calibrates the alerts, and 1 alert per 10,000 windows needs at least 10,000 of them).
train: $(JAR)
	@if [ -z "$(LOG)" ]; then $(JAVA) $(JAVA_OPTS) -jar $(JAR) demo-log --lines $(DEMO_LINES) --seed 7 --output target/demo-normal.log; fi
	$(JAVA) $(JAVA_OPTS) -jar $(JAR) train --input $(or $(LOG),target/demo-normal.log) $(if $(TRAIN_FORMAT),--format '$(TRAIN_FORMAT)') \
		--epochs $(EPOCHS) --top-g $(TOP_G) --seed 42 --output models/$(NAME)

SEEDS ?= 1,2,3,4,5
## The shipped detector on the shared HDFS split (never shipped): 5-fold over seeds 1-5 (a row per run,
## mean and worst case, the LSTM alone at g = 9 beside it), then 10% of the normal sessions training.
eval: $(JAR)
	$(JAVA) $(JAVA_OPTS) -jar $(JAR) evaluate --train $(SHARED_DATA)/hdfs-deeplog/hdfs_train \
		--test-abnormal $(SHARED_DATA)/hdfs-deeplog/hdfs_test_abnormal --folds 5 --window 10 --seeds $(SEEDS)
	$(JAVA) $(JAVA_OPTS) -jar $(JAR) evaluate --train $(SHARED_DATA)/hdfs-deeplog/hdfs_train \
		--test-abnormal $(SHARED_DATA)/hdfs-deeplog/hdfs_test_abnormal --train-fraction 0.1 --window 10 --seeds $(SEEDS)

## Render k8s/base and every overlay and check each object against the Kubernetes API model.
k8s-validate:
	$(MVN) test -Dtest=ManifestValidationTest -Dsurefire.failIfNoSpecifiedTests=false

target/test-classpath.txt: pom.xml
	$(MVN) test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

BENCH_CP = target/classes:target/test-classes:$$(cat target/test-classpath.txt)

bench: bench-parse bench-tail bench-tail-idle

## Miner alone over the six loghub sets: lines/s (wall and CPU time) for every settings version (5 to 1), with the load.
bench-parse: target/test-classpath.txt
	$(MVN) test-compile
	@uptime
	$(JAVA) -cp "$(BENCH_CP)" io.logwarden.parse.DrainBenchmark

bench-tail: target/test-classpath.txt
	$(MVN) test-compile
	$(JAVA) -cp "$(BENCH_CP)" io.logwarden.tail.TailBenchmark 2000000 3

## CPU of the shared reader threads for 1 to 500 idle followed files beside the bare stat and size calls.
bench-tail-idle: target/test-classpath.txt
	$(MVN) test-compile
	$(JAVA) -cp "$(BENCH_CP)" io.logwarden.tail.TailIdleBenchmark 10 250 8

BENCH_LINES ?= 300000
BENCH_SETTINGS ?=
## The service in a child JVM with the options of `make run` (JVM_MEMORY), following BENCH_LINES lines of demo
## traffic with one WebSocket client; BENCH_SETTINGS adds service settings, e.g. --logwarden.scoring.prediction-cache=0.
bench-e2e: target/test-classpath.txt
	$(MVN) test-compile
	@uptime
	$(NATIVE_ENV) $(JAVA) -Xmx1g $(JAVA_OPTS) -cp "$(BENCH_CP)" -Dbench.service.jvm="$(JAVA_OPTS) $(JVM_MEMORY)" \
		io.logwarden.bench.EndToEndBenchmark $(BENCH_LINES) $(BENCH_SETTINGS)

bench-model: target/test-classpath.txt
	$(MVN) test-compile
	$(JAVA) $(JAVA_OPTS) -cp "$(BENCH_CP)" io.logwarden.scoring.ScoringBenchmark models/demo 200000

SCREENSHOT ?= docs/dashboard.png
SCREENSHOT_PORT ?= 8100
SCREENSHOT_WAIT ?= 240
## Refresh the README's screenshot: start the service with the demo (anomaly every 20 s) in a scratch
## data directory, with a copy of models/ (the service adds the templates it learns to the active
## model's templates.json, which must not change the shipped one), on SCREENSHOT_PORT (+1 for the
## WebSocket); log in (a fresh admin password for this run), wait for its first incident, open it,
## save the page to SCREENSHOT and its -phone and -dark siblings, stop the service.
## The service's log is in target/screenshots-service.log.
screenshots: $(JAR) target/test-classpath.txt
	$(MVN) test-compile
	@data=$$(mktemp -d); cp -r models "$$data/models"; \
	export LOGWARDEN_ADMIN_PASSWORD=$$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n'); \
	$(JAVA) $(JAVA_OPTS) -jar $(JAR) --logwarden.data-dir=$$data --logwarden.models-dir=$$data/models --server.port=$(SCREENSHOT_PORT) \
		--logwarden.websocket.port=$$(( $(SCREENSHOT_PORT) + 1 )) --logwarden.demo.enabled=true \
		--logwarden.demo.anomaly-every=20s > target/screenshots-service.log 2>&1 & service=$$!; \
	trap 'kill $$service; wait $$service; rm -rf "$$data"' EXIT; \
	$(JAVA) -cp "$(BENCH_CP)" io.logwarden.tools.DashboardScreenshot \
		http://localhost:$(SCREENSHOT_PORT)/ $(SCREENSHOT) $(SCREENSHOT_WAIT)

clean:
	$(MVN) clean

KAFKA_PORT ?= 9092
KAFKA_DIR ?= data/kafka
KAFKA_PARTITIONS ?= 6
KAFKA_CP = $(BENCH_CP)
## The broker's heap: a development broker holding a few topics needs far less than Kafka's default 1 GB.
KAFKA_JVM ?= -Xms64m -Xmx384m -XX:+ExitOnOutOfMemoryError

## A single-node Kafka broker (KRaft, broker and controller in one JVM, from the Maven artifacts) in the
## background on :$(KAFKA_PORT) (controller :$(KAFKA_PORT)+1), data kept in $(KAFKA_DIR) across restarts;
## pid and log in $(KAFKA_DIR)/broker.pid and broker.log (the previous start's in broker.log.1). Returns once it
## accepts connections; a no-op while it runs. Its own session (setsid): Ctrl-C in this terminal later does not reach it.
kafka: target/test-classpath.txt
	@mkdir -p $(KAFKA_DIR); pidfile=$(KAFKA_DIR)/broker.pid; log=$(KAFKA_DIR)/broker.log; \
	if [ -f $$pidfile ] && ps -p $$(cat $$pidfile) -o args= 2>/dev/null | grep -q io.logwarden.tools.KafkaBroker; then \
	  echo "Kafka broker already running (pid $$(cat $$pidfile)) at localhost:$(KAFKA_PORT), data in $(KAFKA_DIR)"; exit 0; fi; \
	if [ -f $$log ]; then mv -f $$log $$log.1; fi; \
	setsid $(JAVA) $(KAFKA_JVM) -cp "$(KAFKA_CP)" io.logwarden.tools.KafkaBroker --port $(KAFKA_PORT) --dir $(KAFKA_DIR) \
	  --partitions $(KAFKA_PARTITIONS) > $$log 2>&1 < /dev/null & pid=$$!; echo $$pid > $$pidfile; \
	for i in $$(seq 1 180); do \
	  if grep -qs "ready at localhost:$(KAFKA_PORT)" $$log; then grep "ready at" $$log; echo "pid $$pid, log $$log; make kafka-stop stops it"; exit 0; fi; \
	  if ! kill -0 $$pid 2>/dev/null; then rm -f $$pidfile; echo "Kafka broker failed to start; last lines of $$log:" >&2; tail -n 20 $$log >&2; exit 1; fi; \
	  sleep 1; done; \
	echo "Kafka broker not ready after 180 s (pid $$pid still running; see $$log, make kafka-stop)" >&2; exit 1

## Stop the broker `make kafka` started: SIGTERM (a clean shutdown, so the next start needs no log recovery), then wait.
kafka-stop:
	@pidfile=$(KAFKA_DIR)/broker.pid; pid=$$(cat $$pidfile 2>/dev/null); \
	if [ -z "$$pid" ] || ! ps -p $$pid -o args= 2>/dev/null | grep -q io.logwarden.tools.KafkaBroker; then \
	  rm -f $$pidfile; echo "No Kafka broker running from $(KAFKA_DIR)"; exit 0; fi; \
	kill -TERM $$pid; for i in $$(seq 1 60); do \
	  if ! kill -0 $$pid 2>/dev/null; then rm -f $$pidfile; echo "Kafka broker stopped (pid $$pid); data kept in $(KAFKA_DIR)"; exit 0; fi; \
	  sleep 1; done; \
	echo "Kafka broker (pid $$pid) still running 60 s after SIGTERM; see $(KAFKA_DIR)/broker.log" >&2; exit 1

CLUSTER_DIR ?= data/cluster
CLUSTER_PGHOST ?= 127.0.0.1
CLUSTER_PGPORT ?= 5432
CLUSTER_PGUSER ?= postgres
CLUSTER_DB ?= logwarden_cluster
## The broker (make kafka), one agent following the demo auth.log (:8100/:8101) and two detector replicas in one
## consumer group (:8000/:8001 and :8010/:8011) against PostgreSQL $(CLUSTER_PGHOST):$(CLUSTER_PGPORT)/$(CLUSTER_DB)
## (created if missing). Logs in $(CLUSTER_DIR)/*.log; Ctrl-C stops them (and the broker if this run started it).
run-cluster: $(JAR) target/test-classpath.txt
	@KAFKA_PORT=$(KAFKA_PORT) KAFKA_DIR=$(KAFKA_DIR) CLUSTER_DIR=$(CLUSTER_DIR) PGHOST=$(CLUSTER_PGHOST) PGPORT=$(CLUSTER_PGPORT) \
	PGUSER=$(CLUSTER_PGUSER) CLUSTER_DB=$(CLUSTER_DB) JAR=$(JAR) JAVA="$(JAVA)" JAVA_OPTS="$(JAVA_OPTS)" \
	JVM_MEMORY="$(JVM_MEMORY)" NATIVE_ENV="$(NATIVE_ENV)" MAKE="$(MAKE) --no-print-directory" scripts/run-cluster

## The same as run-cluster (kafka-demo was one detector and an agent against H2).
kafka-demo: run-cluster

## Lines/s, latency and lag under a burst through agent -> Kafka -> detector with one and two replicas, against a
## bare consumer; one in-process KRaft broker (table with the load average). PyTorch on one thread, as `make run`.
bench-kafka: target/test-classpath.txt
	$(MVN) test-compile
	@uptime
	$(NATIVE_ENV) $(JAVA) $(JAVA_OPTS) -Xmx1500m -cp "$(BENCH_CP)" io.logwarden.kafka.KafkaBenchmark $(or $(RECORDS),20000)
	@uptime
