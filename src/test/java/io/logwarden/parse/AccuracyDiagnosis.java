package io.logwarden.parse;

import java.nio.file.Path;
import java.util.*;

/** Prints the ground-truth groups that were split or merged, to see what the defaults get wrong. */
public class AccuracyDiagnosis {
    public static void main(String[] args) throws Exception {
        Path dir = LoghubData.sharedDataDir().orElseThrow();
        String system = args[0];
        if (system.equals("GRID")) {
            for (int depth = 3; depth <= 6; depth++) for (double st = 0.3; st <= 0.81; st += 0.05) {
                StringBuilder sb = new StringBuilder(String.format("d=%d st=%.2f ", depth, st));
                double sum = 0;
                for (String sys : LoghubData.FORMATS.keySet()) {
                    var r = GroupingAccuracyTest.evaluate(dir, sys, new DrainSettings(st, depth, 100, 0));
                    sum += r.accuracy();
                    sb.append(String.format("%s=%.4f ", sys, r.accuracy()));
                }
                System.out.println(sb.append(String.format("avg=%.4f", sum / 6)));
            }
            return;
        }
        if (system.equals("ALL")) {
            double sum = 0;
            for (String sys : LoghubData.FORMATS.keySet()) {
                var r = GroupingAccuracyTest.evaluate(dir, sys);
                sum += r.accuracy();
                System.out.printf("%-10s %.4f (bar %.4f) %d%n", sys, r.accuracy(), r.bar(), r.templates());
            }
            System.out.printf("average %.4f%n", sum / 6);
            return;
        }
        if (system.equals("MADE")) {
            int version = Integer.getInteger("version", DrainMiner.SETTINGS_VERSION);
            double sum = 0;
            for (String kind : LabelledLogs.FORMATS.keySet()) {
                var r = LabelledLogs.evaluate(kind, version);
                sum += r.grouping();
                System.out.printf("%-16s online %.4f refined %.4f%n", kind, r.online(), r.grouping());
            }
            System.out.printf("average refined %.4f%n", sum / LabelledLogs.FORMATS.size());
            return;
        }
        if (LabelledLogs.FORMATS.containsKey(system)) {
            madeUp(system, Integer.getInteger("version", DrainMiner.SETTINGS_VERSION));
            return;
        }
        LogFormat format = LogFormat.compile(LoghubData.FORMATS.get(system));
        // -Drefined: the defaults as the parse command mines (online, then refine()); else online with -Dst, -Ddepth
        boolean refined = Boolean.getBoolean("refined");
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), refined ? DrainSettings.defaults()
                : new DrainSettings(Double.parseDouble(System.getProperty("st", "0.5")), Integer.getInteger("depth", 4), 100, 0));
        List<String> lines = LoghubData.rawLines(dir, system);
        List<String> truth = LoghubData.groundTruth(dir, system);
        int[] pred = new int[lines.size()];
        List<String> contents = new ArrayList<>();
        for (String line : lines) {
            contents.add(format.split(line).content());
        }
        List<Integer> ids = refined ? Mining.assign(miner, contents) : contents.stream().map(c -> miner.add(c).templateId()).toList();
        for (int i = 0; i < pred.length; i++) {
            pred[i] = ids.get(i);
        }
        Map<String, Set<Integer>> t2p = new TreeMap<>();
        for (int i = 0; i < pred.length; i++) t2p.computeIfAbsent(truth.get(i), k -> new TreeSet<>()).add(pred[i]);
        Map<Integer, Set<String>> p2t = new TreeMap<>();
        for (int i = 0; i < pred.length; i++) p2t.computeIfAbsent(pred[i], k -> new TreeSet<>()).add(truth.get(i));
        for (var e : p2t.entrySet()) {
            if (e.getValue().size() > 1) {
                System.out.println("MERGED p" + e.getKey() + " " + miner.template(e.getKey()).get().template() + " <- " + e.getValue());
            }
        }
        for (var e : t2p.entrySet()) {
            if (e.getValue().size() > 1) {
                System.out.println("SPLIT " + e.getKey() + " -> " + e.getValue().size());
                for (int p : e.getValue()) System.out.println("    p" + p + " " + miner.template(p).get().template() + "  x" + miner.template(p).get().count());
            }
        }
    }

    /** The made-up kind's groups split or merged, online and after refine(), with a sample line each. */
    private static void madeUp(String kind, int version) throws Exception {
        LogFormat format = LogFormat.compile(LabelledLogs.FORMATS.get(kind));
        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(version)), DrainSettings.defaults(), version);
        List<String> contents = LabelledLogs.resource(kind + ".log").stream().map(l -> format.split(l).content()).toList();
        List<String> truth = LabelledLogs.resource(kind + ".events");
        List<Integer> online = new ArrayList<>();
        List<Integer> refined = Mining.assign(miner, contents, online);
        for (List<Integer> pred : List.of(online, refined)) {
            System.out.println(pred == online ? "== online" : "== refined");
            Map<String, Set<Integer>> t2p = new TreeMap<>();
            Map<Integer, Set<String>> p2t = new TreeMap<>();
            Map<Integer, String> sample = new HashMap<>();
            for (int i = 0; i < pred.size(); i++) {
                t2p.computeIfAbsent(truth.get(i), k -> new TreeSet<>()).add(pred.get(i));
                p2t.computeIfAbsent(pred.get(i), k -> new TreeSet<>()).add(truth.get(i));
                sample.putIfAbsent(pred.get(i), contents.get(i));
            }
            p2t.forEach((p, ts) -> {
                if (ts.size() > 1) {
                    System.out.println("MERGED " + template(miner, p) + " <- " + ts + "   e.g. " + sample.get(p));
                }
            });
            t2p.forEach((t, ps) -> {
                if (ps.size() > 1) {
                    System.out.println("SPLIT " + t + " -> " + ps.size());
                    ps.forEach(p -> System.out.println("    " + template(miner, p) + "   e.g. " + sample.get(p)));
                }
            });
        }
    }

    private static String template(DrainMiner miner, int id) {
        return miner.template(id).map(TemplateRecord::template).orElse("(id " + id + " gone)");
    }
}
