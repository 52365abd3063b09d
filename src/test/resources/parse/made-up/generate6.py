#!/usr/bin/env python3
"""Writes six more made-up labelled logs for settings version 7's design (run once).

A second black-box tester's held-out set, measured once after version 7's first rules, stayed low
on kinds whose names it reported (its data was never seen here). These kinds imitate, from memory
of the real formats, six of those names: a Kea-DHCP-like server log with message codes, a
PHP-FPM-like master log, an Unbound-like resolver log, a Flink-like job manager log, a
ClamAV-like scanner log and an OpenLDAP-slapd-like server log. So figures on that tester's set after
rules written on these are no longer figures for unseen logs. Same outputs and helpers as
generate2.py (<kind>.log, .events, .templates). Made up: no line comes from a real system.
Usage: python3 generate6.py (seeded, reproducible)."""
from generate2 import R, V, hexs, ip, mac_address, n, pick, stamp, write

R.seed(20261211)  # the helpers draw from generate2's generator; this file's own sequence


def kea_header():
    return f"{stamp()}.{n(0, 999):03d} {pick('INFO ', 'DEBUG', 'WARN ')} [kea-dhcp4.{pick('leases', 'packets', 'dhcp4', 'alloc-engine')}/{n(1000, 9999)}.{n(139000000000000, 139999999999999)}] "


def client():
    return f"[hwtype=1 {V(mac_address())}], cid=[{V(pick('no info', '01:' + mac_address()))}], tid=0x{V(hexs(8))}"


kea = [
    lambda: f"DHCP4_LEASE_ALLOC {client()}: lease {V(ip())} has been allocated for {V(n(600, 86400))} seconds",
    lambda: f"DHCP4_LEASE_ADVERT {client()}: lease {V(ip())} will be advertised",
    lambda: f"DHCP4_PACKET_RECEIVED {client()}: {V(pick('DHCPDISCOVER', 'DHCPREQUEST', 'DHCPRELEASE'))} (type {V(n(1, 7))}) received from {V(ip())} to {V(ip())} on interface {V(pick('eth0', 'eth1'))}",
    lambda: f"DHCP4_PACKET_SEND {client()}: trying to send packet {V(pick('DHCPOFFER', 'DHCPACK', 'DHCPNAK'))} (type {V(n(1, 7))}) from {V(ip() + ':67')} to {V(ip() + ':68')} on interface {V(pick('eth0', 'eth1'))}",
    lambda: f"DHCP4_RELEASE {client()}: address {V(ip())} was released properly.",
    lambda: f"DHCP4_SUBNET_SELECTED {client()}: the subnet with ID {V(n(1, 20))} was selected for client assignments",
    lambda: f"DHCP4_INIT_REBOOT {client()}: client is in INIT-REBOOT state and requests address {V(ip())}",
    lambda: f"ALLOC_ENGINE_V4_ALLOC_FAIL {client()}: failed to allocate an IPv4 address after {V(n(1, 500))} attempt(s)",
    lambda: f"DHCP4_DECLINE_LEASE {client()}: Received DHCPDECLINE for addr {V(ip())}, declined for {V(n(60, 86400))} seconds.",
    lambda: f"DHCPSRV_MEMFILE_LFC_START starting Lease File Cleanup",
    lambda: f"DHCPSRV_MEMFILE_LFC_EXECUTE executing Lease File Cleanup using: {V('/usr/sbin/kea-lfc -4 -x /var/lib/kea/kea-leases4.csv.2 -i /var/lib/kea/kea-leases4.csv.1')}",
    lambda: f"DHCP4_BUFFER_RECEIVE_FAIL error on attempt to receive packet: {V(pick('Truncated DHCPv4 packet (len=12) received, at least 236 is expected.', 'Network is down'))}",
]


def fpm_header():
    return f"[{n(1, 28):02d}-{pick('Jan', 'Feb', 'Mar')}-2024 {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}] "


def pool():
    return pick("www", "api", "admin", "shop")


fpm = [
    lambda: f"WARNING: [pool {V(pool())}] server reached pm.max_children setting ({V(n(5, 50))}), consider raising it",
    lambda: f"NOTICE: [pool {V(pool())}] child {V(n(1000, 60000))} started",
    lambda: f"NOTICE: [pool {V(pool())}] child {V(n(1000, 60000))} exited with code {V(n(0, 255))} after {V(str(n(0, 99999)) + '.' + str(n(100000, 999999)))} seconds from start",
    lambda: f"WARNING: [pool {V(pool())}] child {V(n(1000, 60000))} exited on signal {V(n(1, 15))} ({V(pick('SIGSEGV', 'SIGKILL', 'SIGTERM'))}) after {V(str(n(0, 99999)) + '.' + str(n(100000, 999999)))} seconds from start",
    lambda: f"WARNING: [pool {V(pool())}] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning {V(n(1, 32))} children, there are {V(n(0, 20))} idle, and {V(n(0, 200))} total children",
    lambda: f"WARNING: [pool {V(pool())}] child {V(n(1000, 60000))}, script '{V(pick('/var/www/html/index.php', '/srv/app/public/api.php'))}' (request: \"{V(pick('GET /index.php', 'POST /api.php'))}\") executing too slow ({V(str(n(1, 60)) + '.' + str(n(100000, 999999)))} sec), logging",
    lambda: f"NOTICE: fpm is running, pid {V(n(100, 9999))}",
    lambda: f"NOTICE: ready to handle connections",
    lambda: f"NOTICE: Terminating ...",
    lambda: f"NOTICE: exiting, bye-bye!",
    lambda: f"NOTICE: Reloading in progress ...",
    lambda: f"ERROR: unable to read what child say: Bad file descriptor ({V(n(1, 99))})",
]


def ub_header():
    return f"{pick('Mar')} {n(1, 28):2d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} resolver1 unbound: [{n(500, 9000)}:{n(0, 3)}] "


def domain():
    return pick("example.com.", "www.example.org.", "mail.corp.example.net.", "cdn.shop.example.", "api.github.com.")


def rtype():
    return pick("A", "AAAA", "MX", "TXT", "PTR", "SRV")


ub = [
    lambda: f"info: {V(ip())} {V(domain())} {V(rtype())} IN",
    lambda: f"info: resolving {V(domain())} {V(rtype())} IN",
    lambda: f"info: response for {V(domain())} {V(rtype())} IN",
    lambda: f"info: reply from <{V(domain())}> {V(ip())}#53",
    lambda: f"info: query response was {V(pick('ANSWER', 'NXDOMAIN', 'REFERRAL', 'CNAME'))}",
    lambda: f"info: validation failure <{V(domain() + ' ' + rtype() + ' IN')}>: {V(pick('no signatures', 'signature expired', 'no keys have a DS with algorithm RSASHA1'))} from {V(ip())} for {V(pick('key', 'DS', 'trust anchor'))} {V(domain())} while building chain of trust",
    lambda: f"notice: sendto failed: {V(pick('Network is unreachable', 'Permission denied', 'No buffer space available'))}",
    lambda: f"notice: remote address is {V(ip())} port {V(n(1024, 65000))}",
    lambda: f"info: server stats for thread {V(n(0, 3))}: {V(n(0, 99999))} queries, {V(n(0, 9999))} answers from cache, {V(n(0, 9999))} recursions, {V(n(0, 99))} prefetch, {V(n(0, 9))} rejected by ip ratelimiting",
    lambda: f"info: average recursion processing time {V(str(n(0, 9)) + '.' + str(n(100000, 999999)))} sec",
    lambda: f"notice: init module {V(n(0, 2))}: {V(pick('validator', 'iterator', 'subnetcache'))}",
    lambda: f"info: start of service (unbound {V(pick('1.17.1', '1.19.0'))}).",
    lambda: f"error: SERVFAIL <{V(domain() + ' ' + rtype() + ' IN')}>: {V(pick('all servers for this domain failed, at zone example.com.', 'exceeded the maximum nameserver nxdomains'))}",
]


def fl_header():
    return f"{stamp()},{n(0, 999):03d} {pick('INFO ', 'WARN ', 'ERROR')} {pick('org.apache.flink.runtime.executiongraph.ExecutionGraph', 'org.apache.flink.runtime.jobmaster.JobMaster', 'org.apache.flink.runtime.checkpoint.CheckpointCoordinator', 'org.apache.flink.runtime.resourcemanager.slotmanager.DeclarativeSlotManager')} [] - "


def task():
    return pick("Source: Kafka Source -> Map", "Window(TumblingEventTimeWindows(60000)) -> Sink: Print", "Filter -> Sink: Elasticsearch", "KeyedProcess")


def state():
    return pick("CREATED", "SCHEDULED", "DEPLOYING", "INITIALIZING", "RUNNING", "FINISHED", "CANCELING", "CANCELED", "FAILED")


fl = [
    lambda: f"{V(task())} ({V(n(1, 8))}/{V(n(8, 8))}) (attempt #{V(n(0, 3))}) switched from {V(state())} to {V(state())}.",
    lambda: f"{V(task())} ({V(n(1, 8))}/{V(n(8, 8))}) ({V(hexs(32) + '_' + hexs(32) + '_' + str(n(0, 7)) + '_' + str(n(0, 3)))}) switched from {V(state())} to {V(state())} on {V(ip() + ':' + str(n(30000, 60000)) + '-' + hexs(6))} @ {V(pick('taskmanager-1', 'localhost'))} ({V('dataPort=' + str(n(30000, 60000)))}).",
    lambda: f"Triggering checkpoint {V(n(1, 9999))} (type={V(pick('CheckpointType{name=Checkpoint, sharingFilesStrategy=FORWARD_BACKWARD}', 'SavepointType{name=Savepoint, postCheckpointAction=NONE, formatType=CANONICAL}'))}) @ {V(n(1700000000000, 1799999999999))} for job {V(hexs(32))}.",
    lambda: f"Completed checkpoint {V(n(1, 9999))} for job {V(hexs(32))} ({V(n(1000, 99999999))} bytes, checkpointDuration={V(n(10, 99999))} ms, finalizationTime={V(n(0, 99))} ms).",
    lambda: f"Job {V(pick('Fraud detection', 'clickstream-etl', 'WordCount'))} ({V(hexs(32))}) switched from state {V(state())} to {V(state())}.",
    lambda: f"Received resource requirements from job {V(hexs(32))}: [ResourceRequirement{{resourceProfile=ResourceProfile{{UNKNOWN}}, numberOfRequiredSlots={V(n(1, 16))}}}]",
    lambda: f"Checkpoint {V(n(1, 9999))} of job {V(hexs(32))} expired before completing.",
    lambda: f"Failed to trigger checkpoint for job {V(hexs(32))} since {V(pick('Checkpoint triggering task Source: Kafka Source -> Map (1/8) of job x is not being executed at the moment. Aborting checkpoint.', 'some tasks of job have been finished.'))}",
    lambda: f"Restarting job {V(pick('Fraud detection', 'clickstream-etl'))} ({V(hexs(32))}) after {V(n(1, 9))} restart attempts with delay {V(n(1000, 10000))} ms.",
    lambda: f"Clearing resource requirements of job {V(hexs(32))}",
]


def clam_header():
    return f"{pick('Mon', 'Tue', 'Wed')} {pick('Mar')} {n(1, 28):2d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} 2024 -> "


def cfile():
    return pick("/home/alice/Downloads/invoice.pdf.exe", "/var/www/uploads/shell.php", "/srv/mail/new/1700000000.M1P2.mx", "/tmp/x.zip")


clam = [
    lambda: f"{V(cfile())}: {V(pick('Win.Trojan.Agent-1234', 'Php.Webshell.Generic-6', 'Eicar-Signature', 'Doc.Dropper.Agent-6386'))} FOUND",
    lambda: f"{V(cfile())}: OK",
    lambda: f"{V(cfile())}: Access denied. ERROR",
    lambda: f"SelfCheck: Database status OK.",
    lambda: f"SelfCheck: Database modification detected. Forcing reload.",
    lambda: f"Reading databases from {V('/var/lib/clamav')}",
    lambda: f"Database correctly reloaded ({V(n(8000000, 9000000))} signatures)",
    lambda: f"Activating the newly loaded database...",
    lambda: f"{V(pick('daily.cld', 'main.cvd', 'bytecode.cvd'))} database is up-to-date (version: {V(n(200, 27999))}, sigs: {V(n(90, 9999999))}, f-level: {V(n(60, 99))}, builder: {V(pick('raynman', 'sigmgr', 'anvilleg'))})",
    lambda: f"{V(pick('daily.cld', 'main.cvd'))} updated (version: {V(n(200, 27999))}, sigs: {V(n(90, 9999999))}, f-level: {V(n(60, 99))}, builder: {V(pick('raynman', 'sigmgr'))})",
    lambda: f"Limits: {V(pick('MaxFileSize', 'MaxScanSize', 'MaxFiles'))} limit set to {V(n(1000, 999999999))}.",
    lambda: f"WARNING: Can't download {V(pick('daily.cvd', 'bytecode.cvd'))} from {V(pick('database.clamav.net', 'db.local.clamav.net'))}",
    lambda: f"Client disconnected (FD {V(n(3, 99))})",
]


def ld_header():
    return f"{pick('Mar')} {n(1, 28):2d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} ldap1 slapd[{n(500, 9000)}]: "


def conn():
    return f"conn={V(n(1000, 99999))}"


def dn():
    return pick("uid=alice,ou=people,dc=example,dc=com", "cn=admin,dc=example,dc=com", "uid=svc-git,ou=services,dc=example,dc=com", "")


ld = [
    lambda: f"{conn()} fd={V(n(10, 99))} ACCEPT from IP={V(ip() + ':' + str(n(1024, 65000)))} (IP={V('0.0.0.0:389')})",
    lambda: f"{conn()} op={V(n(0, 99))} BIND dn=\"{V(dn())}\" method={V(n(128, 163))}",
    lambda: f"{conn()} op={V(n(0, 99))} BIND dn=\"{V(dn())}\" mech=SIMPLE ssf=0",
    lambda: f"{conn()} op={V(n(0, 99))} RESULT tag={V(n(97, 121))} err={V(pick('0', '32', '49'))} {V(pick('qtime=0.000012 etime=0.000301', 'qtime=0.000020 etime=0.001203'))} text={V(pick('', 'invalid credentials'))}".rstrip(),
    lambda: f"{conn()} op={V(n(0, 99))} SRCH base=\"{V(pick('dc=example,dc=com', 'ou=people,dc=example,dc=com'))}\" scope={V(n(0, 2))} deref=0 filter=\"{V(pick('(uid=alice)', '(&(objectClass=posixAccount)(uid=bob))', '(objectClass=*)'))}\"",
    lambda: f"{conn()} op={V(n(0, 99))} SRCH attr={V(' '.join(R.sample(['uid', 'cn', 'mail', 'memberOf', 'gidNumber', 'sshPublicKey'], n(1, 5))))}",
    lambda: f"{conn()} op={V(n(0, 99))} SEARCH RESULT tag=101 err={V(pick('0', '32'))} {V('qtime=0.000010 etime=0.000512')} nentries={V(n(0, 50))} text=",
    lambda: f"{conn()} op={V(n(0, 99))} UNBIND",
    lambda: f"{conn()} fd={V(n(10, 99))} closed",
    lambda: f"{conn()} fd={V(n(10, 99))} closed (connection lost)",
    lambda: f"{conn()} op={V(n(0, 99))} MOD dn=\"{V(dn())}\"",
    lambda: f"{conn()} op={V(n(0, 99))} MOD attr={V(' '.join(R.sample(['userPassword', 'mail', 'entryCSN', 'modifiersName', 'modifyTimestamp'], n(1, 4))))}",
    lambda: f"{conn()} op={V(n(0, 99))} STARTTLS",
    lambda: f"{conn()} fd={V(n(10, 99))} TLS established tls_ssf={V(pick('128', '256'))} ssf={V(pick('128', '256'))} tls_proto={V(pick('TLSv1.2', 'TLSv1.3'))} tls_cipher={V(pick('TLS_AES_256_GCM_SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'))}",
]

write("dhcp-codes", kea, 600, kea_header)
write("fastcgi-pool", fpm, 600, fpm_header)
write("dns-resolver", ub, 600, ub_header)
write("stream-jobs", fl, 600, fl_header)
write("virus-scanner", clam, 600, clam_header)
write("ldap-server", ld, 600, ld_header)
