package io.logwarden.demo;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a realistic auth.log: sshd logins with their PAM and logind lines, sudo, cron, in the
 * order a Debian host logs them. Now and then, when asked, an anomaly: a brute-force run, a sudo by a
 * user outside sudoers, or a session whose lines come in an order that never happens.
 * Seeded, so a training log can be regenerated exactly.
 */
public class AuthLogGenerator {

    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);
    private static final String[] USERS = {"deploy", "alice", "bob", "backup", "ci-runner"};
    private static final String[] INTERNAL_NETS = {"10.0.3.", "10.0.7.", "192.168.40."};
    private static final String[] COMMANDS = {"/usr/bin/systemctl restart nginx", "/usr/bin/apt-get update",
            "/usr/bin/journalctl -u app --since today", "/usr/bin/docker ps", "/bin/cat /var/log/syslog"};
    private static final String[] ATTACKED_USERS = {"admin", "oracle", "test", "ubuntu", "postgres", "git"};

    private final Random random;
    private final String host;
    private LocalDateTime clock;
    private int nextPid = 20_000;
    private int nextSession = 4_000;

    public AuthLogGenerator(long seed, String host, LocalDateTime start) {
        this.random = new Random(seed);
        this.host = host;
        this.clock = start;
    }

    /** Lets a live writer keep the syslog timestamps on the wall clock. */
    public void setClock(LocalDateTime now) {
        this.clock = now;
    }

    /** One normal activity: a few lines that always come together, in their usual order. */
    public List<String> normalActivity() {
        int pick = random.nextInt(10);
        if (pick < 4) return sshSession();
        if (pick < 7) return cronJob();
        if (pick < 9) return sudoCommand();
        return publicKeyRefused();
    }

    /** One anomalous burst, chosen at random among the kinds the demo shows. */
    public List<String> anomaly() {
        return switch (random.nextInt(3)) {
            case 0 -> bruteForce();
            case 1 -> sudoByOutsider();
            default -> sessionOutOfOrder();
        };
    }

    public List<String> sshSession() {
        String user = pick(USERS);
        String ip = internalIp();
        int port = 40_000 + random.nextInt(20_000);
        int pid = pid();
        int session = ++nextSession;
        List<String> lines = new ArrayList<>();
        lines.add(line("sshd[" + pid + "]", "Accepted publickey for " + user + " from " + ip + " port " + port
                + " ssh2: ED25519 SHA256:" + fingerprint()));
        lines.add(line("sshd[" + pid + "]", "pam_unix(sshd:session): session opened for user " + user + "(uid="
                + uid(user) + ") by (uid=0)"));
        lines.add(line("systemd-logind[612]", "New session " + session + " of user " + user + "."));
        advance(5 + random.nextInt(60));
        lines.add(line("sshd[" + pid + "]", "Received disconnect from " + ip + " port " + port + ":11: disconnected by user"));
        lines.add(line("sshd[" + pid + "]", "Disconnected from user " + user + " " + ip + " port " + port));
        lines.add(line("sshd[" + pid + "]", "pam_unix(sshd:session): session closed for user " + user));
        lines.add(line("systemd-logind[612]", "Session " + session + " logged out. Waiting for processes to exit."));
        lines.add(line("systemd-logind[612]", "Removed session " + session + "."));
        return lines;
    }

    public List<String> cronJob() {
        int pid = pid();
        List<String> lines = new ArrayList<>();
        lines.add(line("CRON[" + pid + "]", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
        advance(1);
        lines.add(line("CRON[" + pid + "]", "pam_unix(cron:session): session closed for user root"));
        return lines;
    }

    public List<String> sudoCommand() {
        String user = pick(USERS);
        List<String> lines = new ArrayList<>();
        lines.add(line("sudo", "  " + user + " : TTY=pts/" + random.nextInt(4) + " ; PWD=/home/" + user
                + " ; USER=root ; COMMAND=" + pick(COMMANDS)));
        lines.add(line("sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by " + user + "(uid="
                + uid(user) + ")"));
        advance(1 + random.nextInt(3));
        lines.add(line("sudo", "pam_unix(sudo:session): session closed for user root"));
        return lines;
    }

    public List<String> publicKeyRefused() {
        String ip = internalIp();
        int pid = pid();
        int port = 40_000 + random.nextInt(20_000);
        List<String> lines = new ArrayList<>();
        lines.add(line("sshd[" + pid + "]", "Connection closed by authenticating user " + pick(USERS) + " " + ip
                + " port " + port + " [preauth]"));
        return lines;
    }

    public List<String> bruteForce() {
        String ip = "185." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        List<String> lines = new ArrayList<>();
        int attempts = 6 + random.nextInt(6);
        for (int i = 0; i < attempts; i++) {
            String user = pick(ATTACKED_USERS);
            int pid = pid();
            int port = 30_000 + random.nextInt(30_000);
            lines.add(line("sshd[" + pid + "]", "Invalid user " + user + " from " + ip + " port " + port));
            lines.add(line("sshd[" + pid + "]", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip));
            lines.add(line("sshd[" + pid + "]", "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2"));
            lines.add(line("sshd[" + pid + "]", "Connection closed by invalid user " + user + " " + ip + " port " + port + " [preauth]"));
        }
        return lines;
    }

    public List<String> sudoByOutsider() {
        List<String> lines = new ArrayList<>();
        lines.add(line("sudo", "www-data : user NOT in sudoers ; TTY=unknown ; PWD=/var/www ; USER=root ; COMMAND=/bin/bash -i"));
        lines.add(line("sudo", "pam_unix(sudo:auth): conversation failed"));
        lines.add(line("sudo", "pam_unix(sudo:auth): auth could not identify password for [www-data]"));
        return lines;
    }

    /** A session closed before it was opened, and removed twice: lines that exist, in an order that does not. */
    public List<String> sessionOutOfOrder() {
        List<String> normal = sshSession();
        List<String> lines = new ArrayList<>();
        lines.add(normal.get(5));
        lines.add(normal.get(7));
        lines.add(normal.get(0));
        lines.add(normal.get(7));
        lines.add(normal.get(3));
        return lines;
    }

    private String line(String process, String message) {
        advance(random.nextInt(2));
        return SYSLOG_TIME.format(clock) + " " + host + " " + process + ": " + message;
    }

    private void advance(int seconds) {
        clock = clock.plusSeconds(seconds);
    }

    private int pid() {
        nextPid += 1 + random.nextInt(40);
        if (nextPid > 60_000) {
            nextPid = 20_000;
        }
        return nextPid;
    }

    private String internalIp() {
        return pick(INTERNAL_NETS) + (2 + random.nextInt(250));
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 43; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static int uid(String user) {
        return 1000 + Math.abs(user.hashCode() % 50);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
