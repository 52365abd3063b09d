#!/usr/bin/env python3
"""Writes four made-up labelled logs held out from the design of settings version 5 (run once).

Written after version 5's rules were committed, and measured once without changing any rule after:
an HPC-like node log, a systemd journal, a Cassandra-like server log and a Kafka-broker-like log.
Same outputs and helpers as generate2.py (<kind>.log, .events, .templates). Made up: no line comes from a real
system. Usage: python3 generate3.py (seeded, reproducible)."""
from generate2 import R, V, hexs, ip, n, pick, write

R.seed(20261208)  # the helpers draw from generate2's generator; this file's own sequence


def hpc_header():
    return f"{n(1, 500000)} node-{pick('', 'D', 'A')}{n(1, 255)} {pick('unix.hw', 'node', 'action', 'switch_module')} {pick('state_change.unavailable', 'boot', 'status', 'error')} {n(1077000000, 1078000000)} 1 "


hpc = [
    lambda: f"Component State Change: Component \\042{V(pick('alt0', 'scsi0', 'eth1', 'ib0'))}\\042 is in the unavailable state (HWID={V(n(1000, 4000))})",
    lambda: f"Component State Change: Component \\042{V(pick('alt0', 'scsi0', 'eth1', 'ib0'))}\\042 is in the running state (HWID={V(n(1000, 4000))})",
    lambda: f"ServerFileSystem domain {V(pick('storage1', 'panfs', 'scratch'))} is full",
    lambda: f"Fan speeds ( {V(' '.join(str(n(3000, 4500)) for _ in range(n(3, 6))))} )",
    lambda: f"Temperature ({V(n(40, 90))}C) exceeds warning threshold",
    lambda: f"node-{V(n(1, 255))} detected a failed network connection on network {V(ip())} via interface {V(pick('alt0', 'eth0', 'ib0'))}",
    lambda: f"{V(pick('clusterAddMember', 'clusterRemoveMember'))} (command {V(n(1000, 9999))})",
    lambda: f"boot (command {V(n(1000, 9999))}) Error: Hardware failure on {V(pick('alt0', 'scsi0'))}",
    lambda: f"PSU status ( {V(pick('on', 'off'))} {V(pick('on', 'off'))} )",
    lambda: f"risBoot command failed: {V(pick('timeout', 'no response'))}",
    lambda: f"Link error on broadcast tree Interconnect-{V(str(n(0, 9)) + pick('T', 'N') + str(n(0, 9)))}:{V(str(n(0, 99)).zfill(2))}:{V(n(0, 9))}:{V(n(0, 9))}",
]


def journal_header():
    host = pick("web-1", "db-2", "build-runner-07")
    comp = pick("systemd[1]", "systemd-logind[" + str(n(300, 900)) + "]", "sshd[" + str(n(1000, 60000)) + "]", "kernel", "CRON[" + str(n(1000, 60000)) + "]")
    return f"Dec {n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} {host} {comp}: "


def unit():
    return pick("nginx.service", "postgresql@14-main.service", "docker.service", "apt-daily.timer", "certbot.timer", "user@1000.service")


def desc():
    return pick("A high performance web server and a reverse proxy server", "PostgreSQL Cluster 14-main", "Docker Application Container Engine", "Daily apt download activities", "Certbot renewal")


def person():
    return pick("alice", "bob", "deploy", "root", "ci-runner")


journal = [
    lambda: f"Started {V(desc())}.",
    lambda: f"Stopping {V(desc())}...",
    lambda: f"Stopped {V(desc())}.",
    lambda: f"{V(unit())}: Succeeded.",
    lambda: f"{V(unit())}: Main process exited, code=exited, status={V(pick('1/FAILURE', '203/EXEC', '143/n/a'))}",
    lambda: f"{V(unit())}: Failed with result '{V(pick('exit-code', 'timeout', 'signal'))}'.",
    lambda: f"{V(unit())}: Consumed {V(str(n(1, 59)) + '.' + str(n(100, 999)) + 's')} CPU time.",
    lambda: f"New session {V(n(1, 9999))} of user {V(person())}.",
    lambda: f"Removed session {V(n(1, 9999))}.",
    lambda: f"Session {V(n(1, 9999))} logged out. Waiting for processes to exit.",
    lambda: f"pam_unix(cron:session): session opened for user {V(person())}(uid={V(n(0, 1001))}) by (uid=0)",
    lambda: f"Disconnected from user {V(person())} {V(ip())} port {V(n(30000, 65000))}",
    lambda: f"EXT4-fs ({V(pick('sda1', 'nvme0n1p2', 'dm-0'))}): mounted filesystem with ordered data mode. Opts: (null)",
    lambda: f"Out of memory: Killed process {V(n(1000, 60000))} ({V(pick('java', 'postgres', 'node'))}) total-vm:{V(str(n(100000, 9999999)) + 'kB')}, anon-rss:{V(str(n(100000, 999999)) + 'kB')}",
]


def cass_header():
    return f"{pick('INFO ', 'INFO ', 'WARN ', 'DEBUG')} [{pick('CompactionExecutor:' + str(n(1, 8)), 'MemtableFlushWriter:' + str(n(1, 4)), 'GossipStage:1', 'ScheduledTasks:1', 'Native-Transport-Requests-' + str(n(1, 32)))}] 2026-12-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d},{n(0, 999):03d} {pick('CompactionTask.java', 'Memtable.java', 'Gossiper.java', 'StatusLogger.java', 'NoSpamLogger.java')}:{n(50, 900)} - "


def table():
    return pick("shop.orders", "shop.customers", "metrics.samples", "system.peers_v2", "auth.sessions")


cassandra = [
    lambda: f"Compacted ({V(hexs(8) + '-' + hexs(4) + '-11ee-' + hexs(4) + '-' + hexs(12))}) {V(n(2, 32))} sstables to [{V(', '.join('/var/lib/cassandra/data/' + table().replace('.', '/') + '/nb-' + str(n(1, 9999)) + '-big' for _ in range(n(1, 3))))}] to level={V(n(0, 3))}.  {V(str(n(1, 999)) + '.' + str(n(100, 999)) + 'MiB')} to {V(str(n(1, 999)) + '.' + str(n(100, 999)) + 'MiB')} (~{V(n(10, 99))}% of original) in {V(str(n(100, 99999)) + 'ms')}.",
    lambda: f"Writing Memtable-{V(table().split('.')[1])}@{V(n(100000000, 999999999))}({V(str(n(1, 999)) + '.' + str(n(100, 999)) + 'KiB')} serialized bytes, {V(n(1, 99999))} ops, {V(n(0, 99))}%/{V(n(0, 99))}% of on/off-heap limit), flushed range = ({V('min(-9223372036854775808)')}, {V('max(9223372036854775807)')}]",
    lambda: f"InetAddress /{V(ip())} is now {V(pick('DOWN', 'UP'))}",
    lambda: f"Node /{V(ip())} state jump to {V(pick('NORMAL', 'shutdown'))}",
    lambda: f"Pool Name                    Active   Pending      Completed   Blocked  All Time Blocked",
    lambda: f"Maximum memory usage reached ({V(str(n(100, 999)) + '.000MiB')}), cannot allocate chunk of {V('1.000MiB')}",
    lambda: f"Some operations were slow, details available at debug level (debug.log)",
    lambda: f"Enqueuing flush of {V(table().split('.')[1])}: {V(str(n(1, 999)) + '.' + str(n(100, 999)) + 'KiB')} ({V(n(0, 99))}%) on-heap, {V(str(n(0, 999)) + '.' + str(n(100, 999)) + 'KiB')} ({V(n(0, 99))}%) off-heap",
    lambda: f"Handshaking version with /{V(ip())}:{V(7000)}",
    lambda: f"Unknown keyspace/cf pair ({V(table())})",
    lambda: f"Timed out waiting for {V(pick('schema agreement', 'gossip settle'))}, continuing",
]


def kafka_header():
    return f"[2026-12-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d},{n(0, 999):03d}] {pick('INFO', 'INFO', 'WARN', 'ERROR')} "


def topic():
    return pick("orders", "payments", "audit-log", "__consumer_offsets", "clicks.v2")


kafka = [
    lambda: f"[Partition {V(topic() + '-' + str(n(0, 49)))} broker={V(n(0, 5))}] Shrinking ISR from {V(','.join(str(n(0, 5)) for _ in range(n(2, 3))))} to {V(str(n(0, 5)))}. Leader: (highWatermark: {V(n(0, 999999))}, endOffset: {V(n(0, 999999))}). Out of sync replicas: (brokerId: {V(n(0, 5))}, endOffset: {V(n(0, 999999))}).",
    lambda: f"[Partition {V(topic() + '-' + str(n(0, 49)))} broker={V(n(0, 5))}] Expanding ISR from {V(str(n(0, 5)))} to {V(','.join(str(n(0, 5)) for _ in range(n(2, 3))))}",
    lambda: f"[Log partition={V(topic() + '-' + str(n(0, 49)))}, dir={V('/var/lib/kafka/data')}] Rolled new log segment at offset {V(n(0, 9999999))} in {V(n(0, 99))} ms.",
    lambda: f"[Log partition={V(topic() + '-' + str(n(0, 49)))}, dir={V('/var/lib/kafka/data')}] Deleting segment {V(n(0, 9999999))}",
    lambda: f"[GroupCoordinator {V(n(0, 5))}]: Preparing to rebalance group {V(pick('billing', 'search-indexer', 'analytics'))} in state PreparingRebalance with old generation {V(n(1, 999))} (__consumer_offsets-{V(n(0, 49))}) (reason: {V(pick('Adding new member', 'removing member', 'Leader rejoin'))} {V(pick('consumer-1', 'consumer-2', 'rdkafka') + '-' + hexs(8))})",
    lambda: f"[GroupCoordinator {V(n(0, 5))}]: Stabilized group {V(pick('billing', 'search-indexer', 'analytics'))} generation {V(n(1, 999))} (__consumer_offsets-{V(n(0, 49))}) with {V(n(1, 12))} members",
    lambda: f"[ReplicaFetcher replicaId={V(n(0, 5))}, leaderId={V(n(0, 5))}, fetcherId={V(n(0, 3))}] Error sending fetch request (sessionId={V(n(100000, 999999999))}, epoch={V(n(1, 9999))}) to node {V(n(0, 5))}:",
    lambda: f"[SocketServer listenerType=ZK_BROKER, nodeId={V(n(0, 5))}] Failed authentication with /{V(ip())} (channelId={V(ip() + ':9093-' + ip() + ':' + str(n(30000, 65000)) + '-' + str(n(0, 99)))}) (SSL handshake failed)",
    lambda: f"[KafkaServer id={V(n(0, 5))}] started",
    lambda: f"[KafkaServer id={V(n(0, 5))}] shutting down",
    lambda: f"[Controller id={V(n(0, 5))}] Processing automatic preferred replica leader election",
]

write("hpc", hpc, 400, hpc_header)
write("journal", journal, 400, journal_header)
write("cassandra", cassandra, 400, cass_header)
write("kafka", kafka, 400, kafka_header)
