package io.logwarden.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The made-up labelled logs under {@code parse/made-up}: kubelet-, PostgreSQL-, nginx-error- and
 * Spark-like (written by {@code generate.py}), and Android-, Windows-CBS-, proxy-client-, macOS-,
 * OpenStack-, health-app-, Hadoop- and Thunderbird-like (written by {@code generate2.py}, which also
 * writes each line's ground-truth template), and HPC-, systemd-journal-, Cassandra- and Kafka-like
 * (written by {@code generate3.py} after settings version 5's rules, held out from their design),
 * and IMAP-server-, monitoring-, hypervisor-, scheduler-, cluster-manager- and backup-agent-like
 * (written by {@code generate4.py} for the shapes version 6 still splits: a design set), and
 * jail-, FTP-, web-error-, DHCP-, mail-transfer- and identity-server-like (written by {@code
 * generate5.py} after version 7's first rules, imitating kinds a held-out set named: a design set),
 * and six more written by {@code generate6.py}, imitating kinds a second held-out set named.
 * Kinds the loghub sets here do not cover, to estimate how
 * the defaults do on logs nobody tuned for. They only measure: thresholds are never fitted to them.
 */
final class LabelledLogs {

    /** Each kind's line format, the only per-kind input the parser gets. */
    static final Map<String, String> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("kubelet", "<Level><Date> <Time> <Pid> <File>:<Line>\\] <Content>");
        FORMATS.put("postgres", "<Date> <Time> <Zone> \\[<Pid>\\] <Level>:  <Content>");
        FORMATS.put("nginx-error", "<Date> <Time> \\[<Level>\\] <Pid>#<Tid>: <Content>");
        FORMATS.put("spark", "<Date> <Time> <Level> <Component>: <Content>");
        FORMATS.put("android", "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>");
        FORMATS.put("windows-cbs", "<Date> <Time>, <Level>  <Component>  <Content>");
        FORMATS.put("proxy-client", "\\[<Time>\\] <Program> - <Content>");
        FORMATS.put("mac-syslog", "<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]: <Content>");
        FORMATS.put("openstack-nova", "<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>");
        FORMATS.put("health-app", "<Time>\\|<Component>\\|<Pid>\\|<Content>");
        FORMATS.put("hadoop-mr", "<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>");
        FORMATS.put("thunderbird",
                "<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>");
        // written by generate3.py after version 5's rules were committed: held out from their design
        FORMATS.put("hpc", "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>");
        FORMATS.put("journal", "<Month> <Day> <Time> <Host> <Component>: <Content>");
        FORMATS.put("cassandra", "<Level> \\[<Thread>\\] <Date> <Time> <File>:<Line> - <Content>");
        FORMATS.put("kafka", "\\[<Date> <Time>\\] <Level> <Content>");
        // written by generate4.py before version 7's rules, for the shapes version 6 still splits: its design set
        FORMATS.put("imap-server", "<Month> <Day> <Time> <Host> <Component>: <Content>");
        FORMATS.put("monitoring", "<Pid>:<Date>:<Time> <Content>");
        FORMATS.put("hypervisor", "<Date> <Level> <Component>\\[<Tid>\\] \\[<Origin> sub=<Sub> opID=<OpId>\\] <Content>");
        FORMATS.put("scheduler", "\\[<Date> <Time>\\] \\{<File>\\} <Level> - <Content>");
        FORMATS.put("cluster", "<Month> <Day> <Time> <Host> <Component>: <Content>");
        FORMATS.put("backup-agent", "<Date> <Time> <Component>: <Content>");
        // written by generate5.py after version 7's first rules, imitating kinds a held-out set named: its design set too
        FORMATS.put("jail-ban", "<Date> <Time> <Component> \\[<Pid>\\]: <Level> <Content>");
        FORMATS.put("ftp-transfer", "<Day> <Month> <Date> <Time> <Year> \\[pid <Pid>\\] <Content>");
        FORMATS.put("web-error", "<Date> <Time> \\[<Level>\\] <Pid>#<Tid>: <Content>");
        FORMATS.put("dhcp-server", "<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>");
        FORMATS.put("mail-transfer", "<Date> <Time> <Content>");
        FORMATS.put("identity-server", "<Date> <Time> <Level> \\[<Logger>\\] \\(<Thread>\\) <Content>");
        // written by generate6.py, imitating kinds a second held-out set named: version 7's design set too
        FORMATS.put("dhcp-codes", "<Date> <Time> <Level> \\[<Logger>\\] <Content>");
        FORMATS.put("fastcgi-pool", "\\[<Date> <Time>\\] <Content>");
        FORMATS.put("dns-resolver", "<Month> <Day> <Time> <Host> <Component>: \\[<Pid>\\] <Content>");
        FORMATS.put("stream-jobs", "<Date> <Time> <Level> <Logger> \\[\\] - <Content>");
        FORMATS.put("virus-scanner", "<Day> <Month> <Date> <Time> <Year> -> <Content>");
        FORMATS.put("ldap-server", "<Month> <Day> <Time> <Host> <Component>: <Content>");
        // written by generate7.py, imitating kinds a fifth held-out set (set E) named
        FORMATS.put("game-server", "\\[<Time>\\] \\[<Thread>/<Level>\\]: <Content>");
        FORMATS.put("ci-controller", "<Date> <Time> \\[id=<Tid>\\] <Level> <Component>: <Content>");
        FORMATS.put("gc-log", "\\[<Timestamp>\\]\\[<Uptime>\\]\\[<Level>\\]\\[<Tags>\\s*\\] <Content>");
        FORMATS.put("db-error", "<Timestamp> <Thread> \\[<Level>\\] \\[<ErrCode>\\] \\[<Component>\\] <Content>");
    }

    /**
     * @param grouping grouping accuracy of the ids as the {@code parse} command gives them (online, then refined)
     * @param online   grouping accuracy of the ids as mined online (the service's)
     * @param parsing  parsing accuracy of the refined templates, NaN for a kind without ground-truth templates
     * @param onlineParsing parsing accuracy of the templates as mined online (the service's), NaN likewise
     */
    record Result(String kind, double grouping, double online, double parsing, double onlineParsing, int templates) {
    }

    private LabelledLogs() {
    }

    static List<String> resource(String name) throws IOException {
        try (InputStream in = LabelledLogs.class.getResourceAsStream("/parse/made-up/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource parse/made-up/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static boolean hasResource(String name) {
        return LabelledLogs.class.getResource("/parse/made-up/" + name) != null;
    }

    /** Parsing accuracy of the templates the ids have now, NaN for a kind without ground-truth templates. */
    private static double parsing(String kind, DrainMiner miner, List<Integer> ids) throws IOException {
        if (!hasResource(kind + ".templates")) {
            return Double.NaN;
        }
        List<String> templates = ids.stream().map(id -> miner.template(id).orElseThrow().template()).toList();
        return LoghubData.parsingAccuracy(resource(kind + ".templates"), templates);
    }

    private static DrainMiner miner(int settingsVersion) {
        return new DrainMiner(new Masker(Masker.defaultRules(settingsVersion)), DrainSettings.defaults(), settingsVersion);
    }

    /** Accuracy of fresh miners of the given settings version over one kind: online only, and as {@code parse} mines. */
    static Result evaluate(String kind, int settingsVersion) throws IOException {
        LogFormat format = LogFormat.compile(FORMATS.get(kind));
        List<String> contents = new ArrayList<>();
        for (String line : resource(kind + ".log")) {
            contents.add(format.split(line).content());
        }
        if (format.mismatches() > 0) {
            throw new IllegalStateException(kind + ": " + format.mismatches() + " lines did not fit the format");
        }
        DrainMiner onlineMiner = miner(settingsVersion);
        List<Integer> online = contents.stream().map(c -> onlineMiner.add(c).templateId()).toList();
        DrainMiner offlineMiner = miner(settingsVersion);
        List<Integer> refined = Mining.assign(offlineMiner, contents);
        List<String> truth = resource(kind + ".events");
        return new Result(kind, LoghubData.groupingAccuracy(truth, refined), LoghubData.groupingAccuracy(truth, online),
                parsing(kind, offlineMiner, refined), parsing(kind, onlineMiner, online), offlineMiner.templateCount());
    }
}
