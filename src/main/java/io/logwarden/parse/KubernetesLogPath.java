package io.logwarden.parse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels in a kubelet log name, {@code /var/log/containers/<pod>_<namespace>_<container>-<container id>.log}:
 * pod and namespace names cannot hold '_', the container id is 64 hex digits.
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

    /** As shown in the file's status and set as headers on every line. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", namespace);
        labels.put("pod", pod);
        labels.put("container", container);
        labels.put("container_id", containerId);
        return labels;
    }
}
