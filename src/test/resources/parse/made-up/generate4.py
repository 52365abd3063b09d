#!/usr/bin/env python3
"""Writes six made-up labelled logs for the shapes settings version 6 still splits (run once).

Written before settings version 7's rules, from memory of real formats, for the failure shapes a
black-box check of version 6 named in general terms (its data was never seen here): free text as
a value (a reason after a colon, a command's output, a snapshot's name), a plain lowercase word with
few values after an ordinary noun, lists separated by spaces, and short lines with two values in
capitals. Kinds: an IMAP/POP mail server, a monitoring server, a hypervisor's host agent, a
workflow scheduler, a cluster manager (membership and resources) and a backup agent. Same outputs
and helpers as generate2.py (<kind>.log, .events, .templates). Made up: no line comes from a real
system. Usage: python3 generate4.py (seeded, reproducible)."""
from generate2 import R, V, hexs, ip, n, pick, write

R.seed(20261209)  # the helpers draw from generate2's generator; this file's own sequence


def user():
    return pick("alice", "bob", "carol@example.org", "dave.smith", "helpdesk", "m.rossi@corp.example.com")


def b64():
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(16))


def session(kind):
    return f"{kind}({V(user())})<{V(n(1000, 60000))}><{V(b64())}>: "


def mail_header():
    return f"Dec {n(1, 28):2d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} mail01 dovecot: "


def counters(*names):
    return " ".join(f"{k}={V(n(0, 90000))}" for k in names)


mail = [
    lambda: f"imap-login: Login: user=<{V(user())}>, method={V(pick('PLAIN', 'LOGIN', 'CRAM-MD5'))}, rip={V(ip())}, lip={V(ip())}, mpid={V(n(1000, 60000))}, TLS, session=<{V(b64())}>",
    lambda: session("imap") + f"Disconnected: {V(pick('Logged out', 'Connection closed', 'Server shutting down', 'Too many invalid IMAP commands', 'Mailbox was deleted under us'))} " + counters("in", "out", "deleted", "expunged", "trashed", "hdr_count", "hdr_bytes", "body_count", "body_bytes"),
    lambda: session("pop3") + f"Disconnected: {V(pick('Logged out', 'Connection closed', 'Disconnected for inactivity', 'Server shutting down'))} top={V(str(n(0, 9)) + '/' + str(n(0, 9999)))}, retr={V(str(n(0, 9)) + '/' + str(n(0, 99999)))}, del={V(str(n(0, 9)) + '/' + str(n(0, 20)))}, size={V(n(0, 999999))}",
    lambda: f"imap-login: Disconnected ({V(pick('auth failed, ' + str(n(1, 3)) + ' attempts in ' + str(n(1, 9)) + ' secs', 'no auth attempts in ' + str(n(0, 30)) + ' secs', 'client did not finish SASL auth, waited ' + str(n(0, 60)) + ' secs', 'disconnected before greeting'))}): user=<{V(user())}>, method=PLAIN, rip={V(ip())}, lip={V(ip())}, TLS, session=<{V(b64())}>",
    lambda: f"auth: Error: pam({V(user())},{V(ip())},<{V(b64())}>): pam_authenticate() failed: {V(pick('Authentication failure', 'User not known to the underlying authentication module', 'Permission denied', 'Conversation error'))}",
    lambda: f"lmtp({V(n(1000, 60000))}): Connect from local",
    lambda: f"lmtp({V(user())})<{V(n(1000, 60000))}><{V(b64())}>: msgid=<{V(hexs(12) + '@' + pick('mx.example.org', 'mail.corp.example.com'))}>: saved mail to {V(pick('INBOX', 'Junk', 'Archive/2024', 'Lists/dev'))}",
    lambda: f"lmtp({V(n(1000, 60000))}): Disconnect from local: {V(pick('Client has quit the connection (state=READY)', 'Connection closed (in DATA finished)', 'Remote closed connection (state=MAIL FROM)'))}",
    lambda: f"master: Warning: service({V(pick('imap', 'imap-login', 'pop3-login', 'auth'))}): process_limit ({V(n(100, 1000))}) reached, client connections are being dropped",
    lambda: session("imap") + f"Error: Mailbox {V(pick('INBOX', 'Sent', 'Drafts', 'Archive/2024'))}: UID={V(n(1, 99999))} lost, expunged by another process",
    lambda: f"auth-worker({V(n(1000, 60000))}): Warning: pam({V(user())},{V(ip())},<{V(b64())}>): unknown user",
    lambda: session("imap") + f"Warning: Maildir filename has wrong S value, renamed the file from {V('/var/mail/' + hexs(10))} to {V('/var/mail/' + hexs(10))}",
    lambda: session("imap") + f"Error: Failed to autoexpunge mailbox '{V(pick('Trash', 'Junk', 'Spam'))}': {V(pick('Mailbox does not exist', 'Permission denied', 'Quota exceeded (mailbox for user is full)'))}",
]


def mon_header():
    return f"{n(1000, 9999):>6}:{n(2024, 2025)}{n(1, 12):02d}{n(1, 28):02d}:{n(0, 23):02d}{n(0, 59):02d}{n(0, 59):02d}.{n(0, 999):03d} "


def mhost():
    return pick("web-01", "db-primary", "edge-router", "app-07.example.com", "printer-3rd-floor", "Zabbix server")


def item():
    return pick("system.cpu.load[all,avg1]", "vfs.fs.size[/,pfree]", "net.if.in[eth0]", "agent.ping", "proc.num[nginx]")


mon = [
    lambda: f"cannot connect to [[{V(ip())}]:{V(n(1024, 65000))}]: [{V(n(100, 120))}] {V(pick('Connection refused', 'Connection timed out', 'No route to host', 'Host is unreachable'))}",
    lambda: f"item \"{V(mhost() + ':' + item())}\" became not supported: {V(pick('Cannot obtain file system information: [13] Permission denied', 'Unsupported item key.', 'Received value [abc] is not suitable for value type [Numeric (float)]', 'Timeout while executing a shell script.'))}",
    lambda: f"item \"{V(mhost() + ':' + item())}\" became supported",
    lambda: f"Zabbix agent item \"{V(item())}\" on host \"{V(mhost())}\" failed: first network error, wait for {V(n(5, 60))} seconds",
    lambda: f"Zabbix agent item \"{V(item())}\" on host \"{V(mhost())}\" failed: another network error, wait for {V(n(5, 60))} seconds",
    lambda: f"resuming Zabbix agent checks on host \"{V(mhost())}\": connection restored",
    lambda: f"temporarily disabling Zabbix agent checks on host \"{V(mhost())}\": interface unavailable",
    lambda: "executing housekeeper",
    lambda: f"housekeeper [deleted {V(n(0, 99999))} hist/trends, {V(n(0, 999))} items/triggers, {V(n(0, 999))} events, {V(n(0, 99))} problems, {V(n(0, 99))} sessions, {V(n(0, 9))} alarms, {V(n(0, 999))} audit items, {V(n(0, 99))} records in {V(str(n(0, 99)) + '.' + str(n(100000, 999999)))} sec, idle for {V(n(1, 24))} hour(s)]",
    lambda: f"failed to accept an incoming connection: connection from \"{V(ip())}\" rejected, allowed hosts: \"{V(pick('127.0.0.1', '10.0.0.0/8,127.0.0.1', 'zabbix.example.com'))}\"",
    lambda: f"sending configuration data to proxy \"{V(pick('proxy-eu', 'proxy-us-east', 'branch office'))}\" at \"{V(ip())}\", datalen {V(n(1000, 999999))}, bytes {V(n(100, 99999))} with compression ratio {V(str(n(1, 20)) + '.' + str(n(0, 9)))}",
    lambda: f"cannot send list of active checks to \"{V(ip())}\": host [{V(mhost())}] not found",
    lambda: f"{V(pick('Problem', 'Resolved'))}: {V(pick('High CPU load', 'Disk space is low', 'Agent is unavailable', 'Interface eth0 down'))} on {V(mhost())}",
    lambda: f"slow query: {V(str(n(3, 30)) + '.' + str(n(100000, 999999)))} sec, \"{V(pick('select itemid from items where hostid=1', 'update hosts set status=0 where hostid=5'))}\"",
]


def hv_header():
    sub = pick("Vimsvc.TaskManager", "Hostsvc", "Vmsvc.vm:/vmfs/volumes/" + hexs(8) + "-" + hexs(8) + "/" + pick("web01", "db02") + "/" + pick("web01", "db02") + ".vmx")
    return f"2024-{n(1, 12):02d}-{n(1, 28):02d}T{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d}Z info hostd[{hexs(8).upper()}] [Originator@6876 sub={sub} opID={hexs(8)}] "


def vm():
    return pick("web01", "db02", "build-agent-3", "win2019-dc", "test vm (copy)")


def state():
    return pick("VM_STATE_ON", "VM_STATE_OFF", "VM_STATE_POWERING_ON", "VM_STATE_POWERING_OFF", "VM_STATE_CREATE_SNAPSHOT", "VM_STATE_RECONFIGURING")


def task():
    return f"haTask-{n(1, 99)}-vim.VirtualMachine.{pick('powerOn', 'powerOff', 'createSnapshot', 'reconfigure')}-{n(100000, 999999)}"


hv = [
    lambda: f"State Transition ({V(state())} -> {V(state())})",
    lambda: f"Task Created : {V(task())}",
    lambda: f"Task Completed : {V(task())} Status {V(pick('success', 'error'))}",
    lambda: f"Event {V(n(100, 99999))} : Virtual machine {V(vm())} on host {V(pick('esx01.example.com', 'esx02.example.com'))} in ha-datacenter is powered on",
    lambda: f"Event {V(n(100, 99999))} : Virtual machine {V(vm())} on host {V(pick('esx01.example.com', 'esx02.example.com'))} in ha-datacenter is powered off",
    lambda: f"Event {V(n(100, 99999))} : Created virtual machine snapshot {V(pick('before patching', 'daily-2024-03-01', 'pre upgrade test', 'snap1', 'clean install with updates'))} on {V(vm())}",
    lambda: f"[VpxLRO] -- BEGIN {V(task())} -- {V(pick('vm-' + str(n(10, 999)), 'host-' + str(n(10, 99))))} -- {V(pick('vim.VirtualMachine.powerOn', 'vim.VirtualMachine.createSnapshot', 'vim.host.NetworkSystem.invokeHostTransactionCall'))} -- {V(hexs(8) + '-' + hexs(4) + '-' + hexs(4) + '-' + hexs(4) + '-' + hexs(12))}",
    lambda: f"[VpxLRO] -- FINISH {V(task())}",
    lambda: f"Failed to open file {V('/vmfs/volumes/' + hexs(8) + '/' + pick('web01', 'db02') + '/' + pick('web01.vmx', 'db02-flat.vmdk', 'vmware.log'))}: {V(pick('No such file or directory', 'Device or resource busy', 'Permission denied'))}",
    lambda: f"Unable to get disk info for {V(pick('naa.6000c29' + hexs(25), 'mpx.vmhba0:C0:T0:L0'))}: {V(pick('Device is not ready', 'Timed out waiting for the device', 'Not found'))}",
    lambda: f"Syncing vmx config for {V(vm())}",
    lambda: f"Guest heartbeat status changed to {V(pick('green', 'yellow', 'red', 'gray'))}",
    lambda: f"Tools version {V(pick('12352', '11333', '10346'))} {V(pick('current', 'needs upgrade', 'not installed'))}",
]


def af_header():
    return f"[2024-{n(1, 12):02d}-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d},{n(0, 999):03d}] {{{pick('taskinstance', 'scheduler_job', 'subprocess', 'standard_task_runner', 'dagbag')}.py:{n(30, 900)}}} {pick('INFO', 'WARNING')} - "


def dag():
    return pick("daily_sales_report", "etl_orders", "ml_retrain", "cleanup_tmp", "sync_crm_contacts")


def tsk():
    return pick("extract", "load_to_warehouse", "notify_slack", "train_model", "check_quality", "rm_old_files")


def dt():
    return f"2024{n(1, 12):02d}{n(1, 28):02d}T{n(0, 23):02d}{n(0, 59):02d}{n(0, 59):02d}"


def run_id():
    return pick("scheduled__", "manual__") + f"2024-{n(1, 12):02d}-{n(1, 28):02d}T{n(0, 23):02d}:00:00+00:00"


af = [
    lambda: f"Marking task as {V(pick('SUCCESS', 'FAILED', 'UP_FOR_RETRY'))}. dag_id={V(dag())}, task_id={V(tsk())}, execution_date={V(dt())}, start_date={V(dt())}, end_date={V(dt())}",
    lambda: f"Task exited with return code {V(n(0, 2))}",
    lambda: f"Executing <Task({V(pick('BashOperator', 'PythonOperator', 'EmailOperator'))}): {V(tsk())}> on {V(run_id())}",
    lambda: f"Started process {V(n(1000, 60000))} to run task",
    lambda: f"Running <TaskInstance: {V(dag() + '.' + tsk())} {V(run_id())} [running]> on host {V(pick('worker-1', 'airflow-worker-0.airflow-worker.default.svc.cluster.local', 'localhost'))}",
    lambda: f"Filling up the DagBag from {V('/opt/airflow/dags/' + dag() + '.py')}",
    lambda: f"DAG {V(dag())} is missing and will be deactivated.",
    lambda: f"Dependencies all met for dep_context={V(pick('non-requeueable deps', 'requeueable deps'))} ti=<TaskInstance: {V(dag() + '.' + tsk())} {V(run_id())} [queued]>",
    lambda: f"Exporting env vars: AIRFLOW_CTX_DAG_OWNER={V(pick('airflow', 'data-team'))} AIRFLOW_CTX_DAG_ID={V(dag())} AIRFLOW_CTX_TASK_ID={V(tsk())}",
    lambda: f"Output: {V(pick('processed ' + str(n(1, 9999)) + ' rows', 'hello world', 'Uploading file report.csv to s3', 'done', 'No new records since last run', 'WARNING: table orders has no primary key'))}",
    lambda: f"Running command: ['/usr/bin/bash', '-c', '{V(pick('echo hello world', 'python /opt/jobs/load.py --date 2024-01-01', 'rm -rf /tmp/airflow_*'))}']",
    lambda: f"Command exited with return code {V(n(0, 127))}",
    lambda: f"Tmp dir root location: {V('/tmp')}",
    lambda: f"Failed to execute job {V(n(1, 99999))} for task {V(tsk())} ({V(pick('Bash command failed. The command returned a non-zero exit code 1.', 'Task received SIGTERM signal', 'No module named pandas'))}; {V(n(1000, 60000))})",
]


def cl_header():
    return f"Mar {n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} node-{n(1, 3)} {pick('corosync', 'pacemaker-controld', 'pacemaker-schedulerd')}[{n(1000, 9000)}]: "


def members():
    return " ".join(str(x) for x in sorted(R.sample(range(1, 6), n(1, 4))))


def rsc():
    return pick("vip", "nginx", "pgsql", "fs_data", "drbd_r0", "stonith-ipmi-node2")


def node():
    return pick("node-1", "node-2", "node-3")


cl = [
    lambda: f"[TOTEM ] A new membership ({V(ip() + ':' + str(n(100, 9999)))}) was formed. Members joined: {V(members())}",
    lambda: f"[TOTEM ] A new membership ({V(ip() + ':' + str(n(100, 9999)))}) was formed. Members left: {V(members())}",
    lambda: f"[QUORUM] Members[{V(n(1, 5))}]: {V(members())}",
    lambda: f"[KNET  ] link: host: {V(n(1, 5))} link: {V(n(0, 1))} is down",
    lambda: f"[KNET  ] host: host: {V(n(1, 5))} (passive) best link: {V(n(0, 1))} (pri: {V(n(1, 9))})",
    lambda: f"[MAIN  ] Completed service synchronization, ready to provide service.",
    lambda: f"notice: State transition {V(pick('S_IDLE', 'S_POLICY_ENGINE', 'S_TRANSITION_ENGINE', 'S_ELECTION'))} -> {V(pick('S_IDLE', 'S_POLICY_ENGINE', 'S_TRANSITION_ENGINE', 'S_INTEGRATION'))}",
    lambda: f"notice: Result of {V(pick('start', 'stop', 'monitor', 'promote', 'demote'))} operation for {V(rsc())} on {V(node())}: {V(pick('ok', 'not running', 'error', 'Timed Out'))}",
    lambda: f"notice: Initiating {V(pick('start', 'stop', 'monitor'))} operation {V(rsc() + '_' + pick('start_0', 'stop_0', 'monitor_10000'))} on {V(node())}",
    lambda: f"warning: Unexpected result ({V(pick('error', 'not running', 'Timed Out'))}: {V(pick('Device or resource busy', 'Process did not exit within specified timeout', 'Unable to connect to database'))}) was recorded for {V(pick('start', 'monitor'))} of {V(rsc())} on {V(node())} at {V(pick('Mar  3 10:11:12 2024', 'Mar 14 02:00:05 2024'))}",
    lambda: f"notice: Transition {V(n(1, 999))} (Complete={V(n(0, 20))}, Pending=0, Fired=0, Skipped={V(n(0, 5))}, Incomplete={V(n(0, 5))}, Source={V('/var/lib/pacemaker/pengine/pe-input-' + str(n(1, 999)) + '.bz2')}): {V(pick('Complete', 'Stopped'))}",
    lambda: f"notice: Calculated transition {V(n(1, 999))}, saving inputs in {V('/var/lib/pacemaker/pengine/pe-input-' + str(n(1, 999)) + '.bz2')}",
    lambda: f"notice:  * {V(pick('Start', 'Stop', 'Move', 'Recover'))}      {V(rsc())}     ( {V(node())} )",
    lambda: f"warning: Node {V(node())} is unclean because {V(pick('the node is no longer part of the cluster', 'it is partially and/or un-expectedly down'))}",
]


def bk_header():
    return f"{n(2024, 2025)}/{n(1, 12):02d}/{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} backup-agent: "


def vol():
    return pick("data", "logs", "config", "home", "mysql")


def paths():
    return " ".join(R.sample(["/tmp", "/var/cache", "/proc", "*.tmp", "/home/*/.cache", "node_modules", "/dev"], n(1, 5)))


def size():
    return f"{n(1, 999)}.{n(0, 9)} {pick('KiB', 'MiB', 'GiB')}"


bk = [
    lambda: f"Backing up volume {V(vol())} to {V(pick('s3:backups-eu/hosts', 'sftp:backup@nas:/srv/restic', '/mnt/usb/repo'))}",
    lambda: f"Snapshot {V(hexs(8))} of volume {V(vol())} saved",
    lambda: f"Failed to upload pack {V(hexs(64))} to {V(pick('backups-eu', 'backups-us'))}: {V(pick('connection reset by peer', 'context deadline exceeded', 'SlowDown: Please reduce your request rate', 'no space left on device'))}",
    lambda: f"Pruned {V(n(0, 40))} snapshots of volume {V(vol())}",
    lambda: f"Skipping {V(pick('/home/alice/.cache/thumbnails', '/var/lib/mysql/ib_logfile0', '/srv/data/tmp.lock'))}: {V(pick('permission denied', 'file changed while reading', 'excluded by pattern', 'not a regular file'))}",
    lambda: f"Excluding paths: {V(paths())}",
    lambda: f"Repository {V(pick('s3:backups-eu/hosts', '/mnt/usb/repo'))} is locked by {V(pick('web-1', 'db-2'))} (pid {V(n(100, 60000))}), waiting {V(n(1, 60))}s",
    lambda: f"Uploaded {V(n(1, 99999))} files ({V(size())}) in {V(str(n(0, 59)) + 'm' + str(n(0, 59)) + 's')}",
    lambda: f"Starting {V(pick('backup', 'prune', 'check', 'forget'))} job for volume {V(vol())}",
    lambda: f"Finished {V(pick('backup', 'prune', 'check', 'forget'))} job for volume {V(vol())} with status {V(pick('ok', 'warnings', 'failed'))}",
    lambda: f"Connection to {V(pick('nas.local', '10.0.0.5', 's3.eu-west-1.amazonaws.com'))} lost: {V(pick('broken pipe', 'i/o timeout', 'EOF'))}; retrying in {V(n(1, 60))}s",
    lambda: f"Unable to list {V(pick('snapshots', 'locks', 'keys', 'packs'))} in repository {V(pick('s3:backups-eu/hosts', '/mnt/usb/repo'))}",
    lambda: f"Checking {V(pick('index', 'packs', 'snapshots', 'tree'))}",
    lambda: f"Tags for this run: {V(' '.join(R.sample(['nightly', 'prod', 'db', 'weekly', 'manual', 'pre-upgrade'], n(1, 4))))}",
]

write("imap-server", mail, 600, mail_header)
write("monitoring", mon, 600, mon_header)
write("hypervisor", hv, 600, hv_header)
write("scheduler", af, 600, af_header)
write("cluster", cl, 600, cl_header)
write("backup-agent", bk, 600, bk_header)
