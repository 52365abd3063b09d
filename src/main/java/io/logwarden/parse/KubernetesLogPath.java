package io.logwarden.parse;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels in a kubelet log name, {@code /var/log/containers/<pod>_<namespace>_<container>-<container id>.log}:
 * pod and namespace names cannot hold '_', the container id is 64 hex digits.
 * <p>
 * Lives in parse, which depends on no other feature package, so both tail (line headers, file status)
 * and alert (labels derived from an alert's source) can use it without a package cycle.
 */
public record KubernetesLogPath(String namespace, String pod, String container, String containerId) {

    private static final Pattern NAME = Pattern.compile("^([^_]+)_([^_]+)_(.+)-([0-9a-f]{64})\\.log$");

    public static Optional<KubernetesLogPath> of(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name.toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesLogPath(m.group(2), m.group(1), m.group(3), m.group(4)));
    }

    /** An alert's source is any text (a followed file, an upload's name): one that is no path has no labels. */
    public static Optional<KubernetesLogPath> ofSource(String source) {
        if (source == null || source.isBlank()) {
            return Optional.empty();
        }
        try {
            return of(Path.of(source));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The labels an alert or incident shows for its source: null (left out of the JSON) for any other source. */
    public static Map<String, String> labelsOfSource(String source) {
        return ofSource(source).map(KubernetesLogPath::sourceLabels).orElse(null);
    }

    /** As shown in the file's status and set as headers on every line. */
    public Map<String, String> labels() {
        Map<String, String> labels = sourceLabels();
        labels.put("container_id", containerId);
        return labels;
    }

    /** As shown with an alert: enough to find the workload, without the id that changes on every restart. */
    public Map<String, String> sourceLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", namespace);
        labels.put("pod", pod);
        labels.put("container", container);
        return labels;
    }
}
