package io.logwarden.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The made-up labelled logs under {@code parse/made-up} (kubelet-, PostgreSQL-, nginx-error- and
 * Spark-like, written by {@code generate.py} there): kinds the loghub sets here do not cover, to
 * estimate how the defaults do on logs nobody tuned for. The rules are designed from the general
 * failure shapes, never from these files; they only measure.
 */
final class LabelledLogs {

    /** Each kind's line format, the only per-kind input the parser gets. */
    static final Map<String, String> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("kubelet", "<Level><Date> <Time> <Pid> <File>:<Line>\\] <Content>");
        FORMATS.put("postgres", "<Date> <Time> <Zone> \\[<Pid>\\] <Level>:  <Content>");
        FORMATS.put("nginx-error", "<Date> <Time> \\[<Level>\\] <Pid>#<Tid>: <Content>");
        FORMATS.put("spark", "<Date> <Time> <Level> <Component>: <Content>");
    }

    record Result(String kind, double grouping, int templates) {
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

    /** Grouping accuracy of a fresh miner of the given settings version over one kind. */
    static Result evaluate(String kind, int settingsVersion) throws IOException {
        LogFormat format = LogFormat.compile(FORMATS.get(kind));
        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(settingsVersion)), DrainSettings.defaults(),
                settingsVersion);
        List<String> contents = new ArrayList<>();
        for (String line : resource(kind + ".log")) {
            contents.add(format.split(line).content());
        }
        List<Integer> predicted = Mining.assign(miner, contents);
        if (format.mismatches() > 0) {
            throw new IllegalStateException(kind + ": " + format.mismatches() + " lines did not fit the format");
        }
        return new Result(kind, LoghubData.groupingAccuracy(resource(kind + ".events"), predicted), miner.templateCount());
    }
}
