#!/usr/bin/env python3
"""Writes the made-up labelled logs of this directory (run once; the outputs are committed).

Each kind imitates a real log format from memory (kubelet's klog lines, PostgreSQL's server log,
nginx's error log, Spark's executor log); every line is drawn from a list of events, and the event's
number is the ground truth (<kind>.events, one per line). Values vary as they do in such logs: names,
ids, durations, free-text messages, lists of varying length, and events that differ in one word.
Made up: no line comes from a real system. Usage: python3 generate.py (seeded, reproducible)."""
import random

R = random.Random(20261206)


def n(a, b):
    return R.randint(a, b)


def pick(*xs):
    return R.choice(xs)


def word():
    return pick("alpha", "bravo", "cobalt", "delta", "ember", "falcon", "garnet", "harbor", "indigo", "juniper",
                "kestrel", "lumen", "marble", "nimbus", "orchid", "pepper", "quartz", "raven", "sierra", "tundra")


def pod():
    return pick("web", "api", "worker", "cache", "ingest") + "-" + "".join(R.choice("0123456789abcdef") for _ in range(n(5, 9))) + "-" + "".join(R.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))


def ns():
    return pick("default", "kube-system", "payments", "search", "monitoring")


def uid():
    h = "".join(R.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def sentence(lo, hi):
    words = ["the", "backup", "job", "for", "tenant", "is", "late", "again", "please", "check", "disk", "quota",
             "retry", "after", "midnight", "customer", "asked", "about", "invoice", "missing", "report", "weekly"]
    return " ".join(R.choice(words) for _ in range(n(lo, hi)))


def ip():
    return f"{n(10, 223)}.{n(0, 255)}.{n(0, 255)}.{n(1, 254)}"


# Events written as two entries below that are one print statement in the real program: nginx's
# open() failure is one ngx_log_error call, whose logger appends the errno and its text ("(2: No such
# file or directory)", "(13: Permission denied)"). Listed apart only to vary the text; one event in
# the ground truth since parser settings version 7 (the lines are the same as before).
SAME_EVENT = {"nginx-error": {2: 1}}


def write(name, events, lines, header):
    with open(name + ".log", "w") as log, open(name + ".events", "w") as truth:
        for _ in range(lines):
            e = R.randrange(len(events))
            log.write(header() + events[e]() + "\n")
            truth.write(f"E{SAME_EVENT.get(name, {}).get(e + 1, e + 1)}\n")


def klog_header():
    return f"{pick('I', 'I', 'W', 'E')}12{n(10, 31)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999999):06d}    {n(800, 900)} {pick('kubelet.go', 'pod_workers.go', 'kuberuntime_manager.go', 'prober.go')}:{n(100, 2500)}] "


def container():
    return pick("app", "sidecar", "istio-proxy", "init-db", "metrics")


kubelet = [
    lambda: f'"SyncLoop ADD" source="api" pods=[{", ".join(chr(34) + ns() + "/" + pod() + chr(34) for _ in range(n(1, 4)))}]',
    lambda: f'"SyncLoop DELETE" source="api" pods=[{", ".join(chr(34) + ns() + "/" + pod() + chr(34) for _ in range(n(1, 3)))}]',
    lambda: f'"Probe failed" probeType="{pick("Readiness", "Liveness")}" pod="{ns()}/{pod()}" podUID={uid()} containerName="{container()}" probeResult=failure output="{pick("HTTP probe failed with statuscode: 503", "Get http://" + ip() + ":8080/healthz: context deadline exceeded", "dial tcp " + ip() + ":9090: connect: connection refused")}"',
    lambda: f'"Killing container with a grace period" pod="{ns()}/{pod()}" podUID={uid()} containerName="{container()}" containerID="containerd://{uid().replace("-", "")}" gracePeriod={pick(30, 10, 60)}',
    lambda: f'"Back-off restarting failed container" pod="{ns()}/{pod()}" containerName="{container()}"',
    lambda: f'"Container exited" pod="{ns()}/{pod()}" containerName="{container()}" exitCode={n(0, 137)} reason="{pick("Completed", "Error", "OOMKilled")}"',
    lambda: f'Volume mount for pod {ns()}/{pod()} finished successfully',
    lambda: f'Volume mount for pod {ns()}/{pod()} finished with errors',
    lambda: f'"Image pulled" image="registry.example.com/{pick("shop", "team-a", "infra")}/{word()}:v{n(1, 9)}.{n(0, 20)}.{n(0, 9)}" duration="{n(1, 59)}.{n(0, 999)}s"',
    lambda: f'"Failed to pull image" image="registry.example.com/{word()}:{pick("latest", "stable")}" err="{pick("rpc error: code = NotFound desc = manifest unknown", "context deadline exceeded", "unauthorized: authentication required")}"',
    lambda: f'Node status update took {n(1, 900)}ms',
    lambda: f'Eviction manager: attempting to reclaim {pick("memory", "ephemeral-storage", "nodefs")}',
]


def pg_header():
    return f"2026-11-{n(10, 28)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d} UTC [{n(1000, 99999)}] "


def table():
    return pick("orders", "customers", "line_items", "audit_log", "sessions", "inventory", "payments")


def user():
    return pick("app", "report", "etl", "admin", "readonly", "grafana")


def query():
    return pick(
        f"SELECT * FROM {table()} WHERE id = {n(1, 99999)}",
        f"UPDATE {table()} SET status = 'done' WHERE id = {n(1, 9999)}",
        f"INSERT INTO {table()} (a, b) VALUES ({n(1, 99)}, {n(1, 99)})",
        f"DELETE FROM {table()} WHERE created_at < now() - interval '{n(1, 30)} days'",
        f"select count(*) from {table()}")


postgres = [
    lambda: f"LOG:  connection received: host={ip()} port={n(30000, 65000)}",
    lambda: f"LOG:  connection authorized: user={user()} database={pick('shop', 'analytics', 'postgres')} application_name={pick('psql', 'pgAdmin', 'app')}",
    lambda: f"LOG:  disconnection: session time: {n(0, 9)}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d} user={user()} database={pick('shop', 'analytics')} host={ip()} port={n(30000, 65000)}",
    lambda: f"LOG:  duration: {n(0, 9999)}.{n(0, 999):03d} ms  statement: {query()}",
    lambda: f'ERROR:  relation "{table()}_{word()}" does not exist at character {n(10, 200)}',
    lambda: f'ERROR:  duplicate key value violates unique constraint "{table()}_pkey"',
    lambda: f"STATEMENT:  {query()}",
    lambda: f"LOG:  checkpoint starting: {pick('time', 'wal', 'immediate force wait')}",
    lambda: f"LOG:  checkpoint complete: wrote {n(0, 9999)} buffers ({n(0, 99)}.{n(0, 9)}%); {n(0, 9)} WAL file(s) added, {n(0, 9)} removed, {n(0, 9)} recycled; write={n(0, 300)}.{n(0, 999):03d} s, sync={n(0, 9)}.{n(0, 999):03d} s, total={n(0, 300)}.{n(0, 999):03d} s",
    lambda: f"LOG:  automatic vacuum of table \"{pick('shop', 'analytics')}.public.{table()}\": index scans: {n(0, 3)}",
    lambda: f"FATAL:  password authentication failed for user \"{user()}\"",
    lambda: f"LOG:  could not receive data from client: Connection reset by peer",
    lambda: f"LOG:  could not receive data from client: Connection timed out",
    lambda: f"WARNING:  there is no transaction in progress",
    lambda: f"LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp{n(1000, 99999)}.{n(0, 9)}\", size {n(1000, 99999999)}",
]


def ng_header():
    return f"2026/11/{n(10, 28)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} [{pick('error', 'error', 'warn', 'crit')}] {n(1000, 9999)}#{n(0, 3)}: "


def client():
    return f"client: {ip()}, server: {pick('example.com', 'shop.example.com', 'api.example.org')}"


def path():
    return "/" + "/".join(word() for _ in range(n(1, 3))) + pick("", ".php", ".html", ".js")


def req():
    return f'request: "{pick("GET", "POST", "HEAD")} {path()} HTTP/1.1"'


nginx = [
    lambda: f'*{n(1, 999999)} open() "/var/www/html{path()}" failed (2: No such file or directory), {client()}, {req()}, host: "{pick("example.com", "shop.example.com")}"',
    lambda: f'*{n(1, 999999)} open() "/var/www/html{path()}" failed (13: Permission denied), {client()}, {req()}, host: "example.com"',
    lambda: f'*{n(1, 999999)} upstream timed out (110: Connection timed out) while reading response header from upstream, {client()}, {req()}, upstream: "http://{ip()}:{n(3000, 9000)}{path()}", host: "api.example.org"',
    lambda: f'*{n(1, 999999)} connect() failed (111: Connection refused) while connecting to upstream, {client()}, {req()}, upstream: "http://{ip()}:{n(3000, 9000)}{path()}", host: "api.example.org"',
    lambda: f'*{n(1, 999999)} client intended to send too large body: {n(1000000, 99999999)} bytes, {client()}, {req()}, host: "example.com"',
    lambda: f'*{n(1, 999999)} SSL_do_handshake() failed (SSL: error:{n(10000000, 99999999)}:SSL routines::{pick("unsupported protocol", "no shared cipher", "wrong version number")}) while SSL handshaking, client: {ip()}, server: 0.0.0.0:443',
    lambda: f'*{n(1, 999999)} FastCGI sent in stderr: "PHP message: {pick("PHP Warning:  Undefined variable", "PHP Notice:  Trying to access array offset", "PHP Fatal error:  Allowed memory size exhausted")} {sentence(1, 4)}" while reading response header from upstream, {client()}, {req()}, upstream: "fastcgi://unix:/run/php/php8.1-fpm.sock:", host: "example.com"',
    lambda: f'*{n(1, 999999)} limiting requests, excess: {n(0, 99)}.{n(0, 999):03d} by zone "{pick("one", "api", "login")}", {client()}, {req()}',
    lambda: f'worker process {n(1000, 99999)} exited on signal {pick(9, 11)}',
    lambda: f'could not build optimal server_names_hash, you should increase server_names_hash_bucket_size: {pick(32, 64)}',
    lambda: f'*{n(1, 999999)} access forbidden by rule, {client()}, {req()}, host: "example.com"',
]


def spark_header():
    return f"26/11/{n(10, 28)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} {pick('INFO', 'INFO', 'WARN')} {pick('Executor', 'TaskSetManager', 'BlockManager', 'MemoryStore', 'DAGScheduler')}: "


def stage():
    return f"{n(0, 300)}.{n(0, 3)}"


spark = [
    lambda: f"Running task {stage()} in stage {stage()} (TID {n(1, 99999)})",
    lambda: f"Finished task {stage()} in stage {stage()} (TID {n(1, 99999)}). {n(1000, 99999)} bytes result sent to driver",
    lambda: f"Block rdd_{n(1, 400)}_{n(0, 200)} stored as values in memory (estimated size {n(1, 999)}.{n(0, 9)} KB, free {n(100, 999)}.{n(0, 9)} MB)",
    lambda: f"Block rdd_{n(1, 400)}_{n(0, 200)} stored as bytes in memory (estimated size {n(1, 999)}.{n(0, 9)} KB, free {n(100, 999)}.{n(0, 9)} MB)",
    lambda: f"Found block rdd_{n(1, 400)}_{n(0, 200)} locally",
    lambda: f"Found block rdd_{n(1, 400)}_{n(0, 200)} remotely",
    lambda: f"Lost task {stage()} in stage {stage()} (TID {n(1, 99999)}, {pick('worker', 'node')}-{n(1, 40)}.cluster.local, executor {n(1, 64)}): {pick('java.io.IOException', 'org.apache.spark.shuffle.FetchFailedException', 'java.lang.OutOfMemoryError')}: {sentence(2, 6)}",
    lambda: f"Submitting {n(1, 400)} missing tasks from ResultStage {n(1, 300)} (MapPartitionsRDD[{n(1, 900)}] at {pick('map', 'collect', 'count', 'saveAsTextFile')} at {word().capitalize()}Job.scala:{n(10, 400)})",
    lambda: f"Removed broadcast_{n(1, 900)}_piece0 on {ip()}:{n(30000, 60000)} in memory (size: {n(1, 99)}.{n(0, 9)} KB, free: {n(1, 9)}.{n(0, 9)} GB)",
    lambda: f"Job {n(1, 900)} finished: {pick('count', 'collect', 'reduce')} at {word().capitalize()}Job.scala:{n(10, 400)}, took {n(0, 99)}.{n(0, 999999)} s",
    lambda: f"Told master about block broadcast_{n(1, 900)}_piece0",
    lambda: f"Added jars: {', '.join(word() + '-' + str(n(1, 9)) + '.' + str(n(0, 9)) + '.jar' for _ in range(n(1, 4)))}",
]

write("kubelet", kubelet, 400, klog_header)
write("postgres", postgres, 400, pg_header)
write("nginx-error", nginx, 300, ng_header)
write("spark", spark, 400, spark_header)
