#!/usr/bin/env python3
"""Writes four more made-up labelled logs for settings version 7's design (run once).

A fifth black-box tester's held-out set (set E), measured once with version 7, was lowest on kinds
whose names it reported (its data was never seen here). These kinds imitate, from memory of the real
formats, four of those names: a Minecraft-like game server log (players' chat and commands are free
text; advancements and items are names of several words), a Jenkins-like CI controller log (tab
separated header; job and task names of several words), a JVM unified-logging G1 GC log and a
MySQL-8-like error log. So figures on set E after rules written on these are no longer figures for
unseen logs. Ground truth as the other generators: one event is one print statement; what the
program fills in is a variable. Same outputs and helpers as generate2.py. Made up: no line comes from
a real system. Usage: python3 generate7.py (seeded, reproducible)."""
from generate2 import R, V, hexs, ip, n, pick, stamp, write

R.seed(20261206)  # the helpers draw from generate2's generator; this file's own sequence


# ---------------------------------------------------------------- game server
def game_header():
    thread = pick("Server thread", "Server thread", "Server thread", "User Authenticator #" + str(n(1, 9)), "Worker-Main-" + str(n(1, 8)))
    return f"[{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}] [{thread}/{pick('INFO', 'INFO', 'WARN')}]: "


def player():
    return pick("Steve", "alex_99", "xX_Creeper_Xx", "Notch2", "builderBob", "Kathy", "mole_man")


def chat():
    words = ["hi", "anyone", "got", "iron", "lol", "where", "is", "the", "base", "brb", "gg", "need", "help", "at",
             "spawn", "who", "took", "my", "diamonds", "ok", "thanks", "coming", "now", "nether", "portal", "?", "!"]
    return " ".join(R.choice(words) for _ in range(n(1, 9)))


def advancement():
    return pick("Stone Age", "Getting an Upgrade", "Acquire Hardware", "Hot Stuff", "Monster Hunter", "Diamonds!",
                "We Need to Go Deeper", "Sweet Dreams")


def item():
    return pick("Diamond Sword", "Oak Planks", "Bread", "Golden Apple", "Torch", "Ender Pearl")


def coord():
    return f"{pick('', '-')}{n(0, 3000)}.{n(0, 99999)}"


def command():
    return pick("/home", "/spawn", "/tp " + player(), "/gamemode creative", "/give " + player() + " minecraft:torch 64",
                "/weather clear", "/time set day", "/msg " + player() + " " + chat())


game = [
    lambda: f"UUID of player {V(player())} is {V(hexs(8) + '-' + hexs(4) + '-' + hexs(4) + '-' + hexs(4) + '-' + hexs(12))}",
    lambda: f"{V(player())}[/{V(ip() + ':' + str(n(30000, 65000)))}] logged in with entity id {V(n(100, 99999))} at ({V(coord())}, {V(str(n(60, 120)) + '.0')}, {V(coord())})",
    lambda: f"{V(player())} joined the game",
    lambda: f"{V(player())} left the game",
    lambda: f"{V(player())} lost connection: {V(pick('Disconnected', 'Timed out', 'Internal Exception: java.io.IOException: Connection reset by peer', 'You logged in from another location'))}",
    lambda: f"<{V(player())}> {V(chat())}",
    lambda: f"{V(player())} has made the advancement [{V(advancement())}]",
    lambda: f"{V(player())} issued server command: {V(command())}",
    lambda: f"[{V(player())}: Gave {V(n(1, 64))} [{V(item())}] to {V(player())}]",
    lambda: f"[{V(player())}: Set the time to {V(n(0, 24000))}]",
    lambda: f"{V(player())} was slain by {V(pick('Zombie', 'Skeleton', 'Spider', 'Cave Spider', 'Enderman'))}",
    lambda: f"{V(player())} fell from a high place",
    lambda: f"{V(player())} drowned",
    lambda: f"Can't keep up! Is the server overloaded? Running {V(n(2001, 9000))}ms or {V(n(40, 180))} ticks behind",
    lambda: "Saving the game (this may take a moment!)",
    lambda: "Saved the game",
    lambda: f"ThreadedAnvilChunkStorage ({V(pick('world', 'DIM-1', 'DIM1'))}): All chunks are saved",
    lambda: f"Preparing spawn area: {V(n(0, 100))}%",
    lambda: f"Done ({V(str(n(3, 60)) + '.' + str(n(100, 999)))}s)! For help, type \"help\"",
    lambda: f"Disconnecting {V(player())} ({V('/' + ip() + ':' + str(n(30000, 65000)))}): {V(pick('You are not white-listed on this server!', 'Outdated client!', 'Failed to verify username!'))}",
]


# ---------------------------------------------------------------- CI controller
def ci_header():
    comp = pick("hudson.model.Run#execute", "hudson.model.AsyncPeriodicWork#lambda$doRun$1", "jenkins.InitReactorRunner$1#onAttained",
                "hudson.slaves.ChannelPinger$1#onDead", "hudson.TcpSlaveAgentListener$ConnectionHandler#run",
                "hudson.model.DownloadService$Downloadable#load")
    return f"{stamp()}.{n(0, 999):03d}+0000 [id={n(1, 400)}]\t{pick('INFO', 'INFO', 'WARNING')}\t{comp}: "


def job():
    return pick("backend-build", "team-a/payments/main", "team-a/payments/PR-" + str(n(10, 99)), "Nightly Integration Tests",
                "docs site publish", "release-pipeline")


def task():
    return pick("Download metadata", "Periodic background build discarder", "Workspace clean-up", "Fingerprint cleanup",
                "Connection Activity monitoring to agents", "telemetry collection")


def agent():
    return pick("agent-linux-01", "agent-linux-02", "mac-mini-3", "windows-build", "docker-" + hexs(6))


ci = [
    lambda: f"{V(job())} #{V(n(1, 4000))} main build action completed: {V(pick('SUCCESS', 'FAILURE', 'UNSTABLE', 'ABORTED'))}",
    lambda: f"Started {V(task())}",
    lambda: f"Finished {V(task())}. {V(str(n(1, 99)) + ',' + str(n(100, 999)))} ms",
    lambda: f"Obtained the updated data file for {V(pick('hudson.tasks.Maven.MavenInstaller', 'hudson.tools.JDKInstaller', 'hudson.tasks.Ant.AntInstaller'))}",
    lambda: f"Accepted JNLP4-connect connection #{V(n(1, 9999))} from /{V(ip() + ':' + str(n(30000, 65000)))}",
    lambda: f"Computer.threadPoolForRemoting [#{V(n(1, 999))}] for {V(agent())} terminated: java.nio.channels.ClosedChannelException",
    lambda: f"Ping failed. Terminating the channel {V(agent())}.",
    lambda: f"Attempting to reconnect {V(agent())}",
    lambda: f"{V(agent())} was marked offline: Connection was broken",
    lambda: f"Completed initialization",
    lambda: f"Jenkins is fully up and running",
    lambda: f"Started initialization",
    lambda: f"Listed all plugins",
    lambda: f"Prepared all plugins",
    lambda: f"Loaded all jobs",
    lambda: f"Scheduling build of {V(job())} because of SCM change in {V(pick('https://git.example.com/team-a/payments.git', 'git@github.com:example/docs.git'))}",
    lambda: f"{V(job())} #{V(n(1, 4000))} aborted by {V(pick('alice', 'bob', 'release-bot'))}",
    lambda: f"Deleting build {V(job())} #{V(n(1, 4000))} as it is older than {V(n(7, 90))} days",
]


# ---------------------------------------------------------------- JVM unified-logging G1 GC log
def gc_header():
    tags = pick("gc,start", "gc,heap", "gc,phases", "gc,cpu", "gc", "gc,metaspace", "gc,init")
    return f"[2024-03-0{n(1, 9)}T{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d}+0000][{n(0, 90000)}.{n(0, 999):03d}s][info][{tags:<12}] "


def gcid():
    return f"GC({V(n(0, 9000))})"


def ms():
    return f"{n(0, 300)}.{n(0, 999):03d}ms"


def heap():
    return f"{n(10, 900)}M->{n(5, 800)}M({n(256, 2048)}M)"


gc = [
    lambda: f"{gcid()} Pause Young ({V(pick('Normal', 'Concurrent Start', 'Prepare Mixed', 'Mixed'))}) ({V(pick('G1 Evacuation Pause', 'G1 Humongous Allocation', 'GCLocker Initiated GC', 'Metadata GC Threshold'))}) {V(heap())} {V(ms())}",
    lambda: f"{gcid()} Using {V(n(1, 16))} workers of {V(n(1, 16))} for evacuation",
    lambda: f"{gcid()} Pre Evacuate Collection Set: {V(ms())}",
    lambda: f"{gcid()} Evacuate Collection Set: {V(ms())}",
    lambda: f"{gcid()} Post Evacuate Collection Set: {V(ms())}",
    lambda: f"{gcid()} Other: {V(ms())}",
    lambda: f"{gcid()} Eden regions: {V(n(0, 400))}->{V(n(0, 400))}({V(n(0, 400))})",
    lambda: f"{gcid()} Survivor regions: {V(n(0, 40))}->{V(n(0, 40))}({V(n(0, 40))})",
    lambda: f"{gcid()} Old regions: {V(n(0, 900))}->{V(n(0, 900))}",
    lambda: f"{gcid()} Humongous regions: {V(n(0, 90))}->{V(n(0, 90))}",
    lambda: f"{gcid()} Metaspace: {V(str(n(1000, 90000)) + 'K(' + str(n(1000, 90000)) + 'K)->' + str(n(1000, 90000)) + 'K(' + str(n(1000, 90000)) + 'K)')} NonClass: {V(str(n(1000, 90000)) + 'K(' + str(n(1000, 90000)) + 'K)->' + str(n(1000, 90000)) + 'K(' + str(n(1000, 90000)) + 'K)')} Class: {V(str(n(100, 9000)) + 'K(' + str(n(100, 9000)) + 'K)->' + str(n(100, 9000)) + 'K(' + str(n(100, 9000)) + 'K)')}",
    lambda: f"{gcid()} User={V(str(n(0, 9)) + '.' + str(n(10, 99)))}s Sys={V(str(n(0, 9)) + '.' + str(n(10, 99)))}s Real={V(str(n(0, 9)) + '.' + str(n(10, 99)))}s",
    lambda: f"{gcid()} Concurrent Mark Cycle",
    lambda: f"{gcid()} Concurrent Mark Cycle {V(ms())}",
    lambda: f"{gcid()} Pause Remark {V(heap())} {V(ms())}",
    lambda: f"{gcid()} Pause Cleanup {V(heap())} {V(ms())}",
    lambda: f"{gcid()} Pause Full ({V(pick('System.gc()', 'G1 Compaction Pause', 'Allocation Failure'))}) {V(heap())} {V(ms())}",
    lambda: f"Using G1",
    lambda: f"Heap Region Size: {V(pick(1, 2, 4, 8))}M",
    lambda: f"CPUs: {V(n(2, 64))} total, {V(n(2, 64))} available",
    lambda: f"Memory: {V(n(1, 256))}G",
    lambda: f"Compressed Oops: {V(pick('Enabled (Zero based)', 'Enabled (32-bit)', 'Disabled'))}",
    lambda: f"Version: {V(pick('17.0.2+8', '21.0.1+12-LTS', '11.0.22+7'))} (release)",
]


# ---------------------------------------------------------------- MySQL-8-like error log
def db_header():
    level, code = pick(("Warning", "MY-010055"), ("Note", "MY-010914"), ("System", "MY-010116"), ("ERROR", "MY-010584"),
                       ("Warning", "MY-013360"))
    return f"2024-03-{n(1, 28):02d}T{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999999):06d}Z {n(0, 9999)} [{level}] [{code}] [{pick('Server', 'Server', 'InnoDB', 'Repl')}] "


def dbuser():
    return pick("root", "app", "report_ro", "debian-sys-maint", "backup")


def dbhost():
    return pick("localhost", ip(), "app-" + str(n(1, 9)) + ".internal")


db = [
    lambda: f"Aborted connection {V(n(10, 99999))} to db: '{V(pick('shop', 'unconnected', 'analytics'))}' user: '{V(dbuser())}' host: '{V(dbhost())}' ({V(pick('Got an error reading communication packets', 'Got timeout reading communication packets', 'Got an error writing communication packets'))}).",
    lambda: f"Access denied for user '{V(dbuser())}'@'{V(dbhost())}' (using password: {V(pick('YES', 'NO'))})",
    lambda: f"IP address '{V(ip())}' could not be resolved: {V(pick('Name or service not known', 'Temporary failure in name resolution'))}",
    lambda: "InnoDB initialization has started.",
    lambda: "InnoDB initialization has ended.",
    lambda: f"/usr/sbin/mysqld: ready for connections. Version: '{V(pick('8.0.36', '8.0.35'))}'  socket: '{V('/var/run/mysqld/mysqld.sock')}'  port: {V(3306)}  MySQL Community Server - GPL.",
    lambda: f"Plugin mysqlx reported: 'X Plugin ready for connections. Bind-address: '{V(pick('::', '0.0.0.0'))}' port: {V(33060)}, socket: {V('/var/run/mysqld/mysqlx.sock')}'",
    lambda: f"CA certificate {V(pick('ca.pem', 'ca-cert.pem'))} is self signed.",
    lambda: f"Host '{V(dbhost())}' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'",
    lambda: f"The table '{V(pick('/tmp/#sql1_' + hexs(4) + '_0', 'sessions', 'order_items'))}' is full",
    lambda: f"page_cleaner: 1000ms intended loop took {V(n(1001, 90000))}ms. The settings might not be optimal. (flushed={V(n(0, 9999))}, during the time.)",
    lambda: f"Received SHUTDOWN from user {V(pick('<via user signal>', 'root'))}. Shutting down mysqld (Version: {V('8.0.36')}).",
    lambda: f"Replica SQL for channel '{V(pick('', 'east'))}': Worker {V(n(1, 8))} failed executing transaction '{V(hexs(8) + '-' + hexs(4) + ':' + str(n(1, 99999)))}' at source log {V('binlog.' + str(n(1, 999)).zfill(6))}, end_log_pos {V(n(1000, 9999999))}; Could not execute Write_rows event on table {V(pick('shop.orders', 'shop.order_items'))}; Duplicate entry '{V(n(1, 99999))}' for key '{V(pick('orders.PRIMARY', 'order_items.uniq_line'))}', Error_code: 1062",
    lambda: f"Starting XA crash recovery...",
    lambda: f"XA crash recovery finished.",
    lambda: f"Server hostname (bind-address): '{V(pick('*', '127.0.0.1'))}'; port: {V(3306)}",
    lambda: f"Insecure configuration for --pid-file: Location '{V(pick('/var/run/mysqld', '/tmp'))}' in the path is accessible to all OS users. Consider choosing a different directory.",
    lambda: f"Timeout waiting for reply of binlog (file: {V('binlog.' + str(n(1, 999)).zfill(6))}, pos: {V(n(1000, 9999999))}), semi-sync up to file {V('binlog.' + str(n(1, 999)).zfill(6))}, position {V(n(1000, 9999999))}.",
]

if __name__ == "__main__":
    write("game-server", game, 800, game_header)
    write("ci-controller", ci, 600, ci_header)
    write("gc-log", gc, 800, gc_header)
    write("db-error", db, 600, db_header)
