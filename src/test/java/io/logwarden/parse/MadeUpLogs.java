package io.logwarden.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Made-up logs of kinds the loghub sets in this repository do not cover (Windows servicing, HPC
 * hardware, Android, a proxy client, Spark), written from scratch for this test, never downloaded.
 * Each kind is a line format and a few events; every event is a function of a random source that
 * fills in values the way such logs vary (host names and IPs, ports, durations and clock times,
 * amounts with units, GUIDs and HRESULTs, lists of varying length). Ground truth is the event index.
 */
final class MadeUpLogs {

    record Kind(String name, String format, Function<Random, String> header, List<Function<Random, String>> events) {
    }

    record Sample(String name, String format, List<String> lines, List<String> truth) {
    }

    private MadeUpLogs() {
    }

    static Sample generate(Kind kind, int lines, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(lines);
        List<String> truth = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            int event = random.nextInt(kind.events().size());
            out.add(kind.header().apply(random) + kind.events().get(event).apply(random));
            truth.add("E" + event);
        }
        return new Sample(kind.name(), kind.format(), out, truth);
    }

    // ---- values -------------------------------------------------------------------------------------

    static int n(Random r, int bound) {
        return r.nextInt(bound);
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static String ip(Random r) {
        return (10 + n(r, 200)) + "." + n(r, 256) + "." + n(r, 256) + "." + (1 + n(r, 254));
    }

    static String host(Random r) {
        return pick(r, "db", "web", "cache", "mail", "api", "edge") + "-" + n(r, 40) + "."
                + pick(r, "prod", "eu-west", "dc2", "lab") + "." + pick(r, "example.com", "corp.example.net", "acme.org",
                "cluster.local", "uni.example.edu.hk");
    }

    static String hostOrIp(Random r) {
        return r.nextInt(3) == 0 ? ip(r) : host(r);
    }

    static String hex(Random r, int digits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            b.append("0123456789abcdef".charAt(n(r, 16)));
        }
        return b.toString();
    }

    static String guid(Random r) {
        return "{" + (hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12)).toUpperCase() + "}";
    }

    static String lifetime(Random r) {
        return switch (n(r, 3)) {
            case 0 -> "<1 sec";
            case 1 -> String.format("%02d:%02d", n(r, 60), n(r, 60));
            default -> String.format("%02d:%02d:%02d", n(r, 24), n(r, 60), n(r, 60));
        };
    }

    static String amount(Random r) {
        return n(r, 1000) + "." + n(r, 100) + " " + pick(r, "KB", "MB");
    }

    static String list(Random r, int min, int max, Function<Random, String> value, String separator) {
        int count = min + n(r, max - min + 1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(value.apply(r));
        }
        return String.join(separator, values);
    }

    static String time(Random r) {
        return String.format("%02d:%02d:%02d", n(r, 24), n(r, 60), n(r, 60));
    }

    // ---- kinds --------------------------------------------------------------------------------------

    static final Kind WINDOWS_CBS = new Kind("Windows-CBS-like",
            "<Date> <Time>, <Level>                  <Component>    <Content>",
            r -> "2016-09-" + (10 + n(r, 19)) + " " + time(r) + ", " + pick(r, "Info   ", "Warning") + "                  "
                    + pick(r, "CBS", "CSI") + "    ",
            List.of(
                    r -> "Loaded Servicing Stack v6.1.7601." + n(r, 30000) + " with Core: C:\\Windows\\winsxs\\amd64_"
                            + hex(r, 16) + "\\cbscore.dll",
                    r -> "Session: " + n(r, 99999999) + "_" + n(r, 999999999) + " initialized by client WindowsUpdateAgent.",
                    r -> "Failed to internally open package. [HRESULT = 0x800f0" + n(r, 999) + " - CBS_E_INVALID_PACKAGE]",
                    r -> "Read out cached package applicability for package: Package_for_KB" + (2000000 + n(r, 999999)) + "~"
                            + hex(r, 16) + "~amd64~~6.1." + n(r, 9) + ".0, ApplicableState: " + n(r, 120) + ", CurrentState:" + n(r, 120),
                    r -> "Warning: Unrecognized packageExtended attribute.",
                    r -> "Installing update KB" + (4000000 + n(r, 999999)) + " " + guid(r) + " failed with 0x8007000" + n(r, 9),
                    r -> "Scavenge: Begin CSI Store scavenge, " + n(r, 900) + " components in " + n(r, 60) + "." + n(r, 999) + "s"));

    static final Kind HPC = new Kind("HPC-like",
            "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>",
            r -> (100000 + n(r, 900000)) + " node-" + n(r, 400) + " " + pick(r, "unix.hw", "boot_cmd", "node")
                    + " state_change." + pick(r, "unavailable", "available") + " " + (1077804742 + n(r, 9999999)) + " 1 ",
            List.of(
                    r -> "Component State Change: Component \\042alt" + n(r, 4) + "\\042 is in the unavailable state (HWID="
                            + n(r, 5000) + ")",
                    r -> "Fan speeds ( " + list(r, 3, 6, x -> String.valueOf(3000 + n(x, 1500)), " ") + " )",
                    r -> "ClusterFileSystem: There is no server for ServerFileSystem domain storage" + n(r, 300),
                    r -> "Temperature (" + (40 + n(r, 50)) + "C) exceeds warning threshold",
                    r -> "node-" + n(r, 400) + " detected a failed network connection on network " + ip(r) + " via interface alt0",
                    r -> "boot (command " + n(r, 4000) + ") Error: couldn't connect to console server " + host(r) + ":" + (4000 + n(r, 100))));

    static final Kind ANDROID = new Kind("Android-like",
            "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>",
            r -> "03-17 " + time(r) + "." + n(r, 1000) + "  " + String.format("%4d", n(r, 9999)) + "  "
                    + String.format("%5d", n(r, 99999)) + " " + pick(r, "D", "I", "V") + " " + pick(r, "PowerManagerService",
                    "WindowManager", "StatusBar") + ": ",
            List.of(
                    r -> "acquire lock=" + n(r, 999999999) + ", flags=0x" + n(r, 9) + ", tag=\"View Lock\", name=com.example.app, ws=null, uid="
                            + (10000 + n(r, 999)) + ", pid=" + n(r, 30000),
                    r -> "release lock=" + n(r, 999999999) + ", flags=0x" + n(r, 9),
                    r -> "setSystemUiVisibility vis=" + hex(r, 1 + n(r, 8)) + " mask=ffffffff oldVal=" + hex(r, 1 + n(r, 8))
                            + " newVal=" + hex(r, 1 + n(r, 8)),
                    r -> "Battery level " + n(r, 100) + "% plugged " + pick(r, "true", "false") + " after " + n(r, 900) + "ms",
                    r -> "Display on after " + n(r, 3000) + " ms, screen brightness " + n(r, 255)));

    static final Kind PROXY = new Kind("Proxifier-like",
            "\\[<Time>\\] <Program> - <Content>",
            r -> "[10." + (10 + n(r, 20)) + " " + time(r) + "] " + pick(r, "chrome.exe", "outlook.exe", "Dropbox.exe") + " - ",
            List.of(
                    r -> hostOrIp(r) + ":" + pick(r, "443", "80", "5070") + " open through proxy " + host(r) + ":5070 HTTPS",
                    r -> hostOrIp(r) + ":" + pick(r, "443", "80") + " close, " + n(r, 99999) + " bytes sent, " + n(r, 99999)
                            + " bytes received, lifetime " + lifetime(r),
                    r -> hostOrIp(r) + ":" + pick(r, "443", "80") + " close, " + n(r, 99999) + " bytes (" + amount(r) + ") sent, "
                            + n(r, 99999) + " bytes (" + amount(r) + ") received, lifetime " + lifetime(r),
                    r -> hostOrIp(r) + ":443 error : Could not connect through proxy " + host(r)
                            + ":5070 - Proxy server cannot establish a connection with the target, status code " + pick(r, "403", "502")));

    static final Kind SPARK = new Kind("Spark-like",
            "<Date> <Time> <Level> <Component>: <Content>",
            r -> "17/06/09 " + time(r) + " INFO " + pick(r, "executor.Executor", "storage.BlockManager", "scheduler.TaskSetManager") + ": ",
            List.of(
                    r -> "Starting executor ID " + n(r, 50) + " on host " + host(r),
                    r -> "Running task " + n(r, 400) + ".0 in stage " + n(r, 40) + ".0 (TID " + n(r, 9999) + ")",
                    r -> "Finished task " + n(r, 400) + ".0 in stage " + n(r, 40) + ".0 (TID " + n(r, 9999) + ") in " + n(r, 9000)
                            + " ms on " + host(r) + " (" + n(r, 200) + "/200)",
                    r -> "Block broadcast_" + n(r, 90) + " stored as values in memory (estimated size " + amount(r) + ", free "
                            + amount(r) + ")",
                    r -> "Removed " + list(r, 1, 4, MadeUpLogs::host, ", ") + " from the blacklist",
                    r -> "Registering block manager " + hostOrIp(r) + ":" + (30000 + n(r, 9999)) + " with " + n(r, 999) + "."
                            + n(r, 9) + " MB RAM"));

    static final List<Kind> ALL = List.of(WINDOWS_CBS, HPC, ANDROID, PROXY, SPARK);
}
