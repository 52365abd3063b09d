package io.logwarden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization with the real kustomize: {@code kubectl kustomize DIR} (kubectl v1.32 ships
 * kustomize v5.5), the same code {@code kubectl apply -k} runs. Without kubectl on the PATH the calling
 * test is skipped on a workstation, and fails under CI=true, where kubectl must be installed.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper();

    /** A kustomization kustomize refuses; the message is kustomize's own. */
    static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} renders, in its order. */
    static List<ObjectNode> render(Path dir) {
        Process process;
        try {
            process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toAbsolutePath().toString()).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl kustomize " + dir, e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        String out = text(process.getInputStream());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RenderException("kubectl kustomize " + dir + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while rendering " + dir);
        }
        if (process.exitValue() != 0) {
            throw new RenderException("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "): " + err.join().strip());
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode doc : readAll(out, "kubectl kustomize " + dir)) {
            if (!(doc instanceof ObjectNode object)) {
                throw new RenderException("kubectl kustomize " + dir + " rendered a non-object: " + doc);
            }
            objects.add(object);
        }
        return objects;
    }

    /** kubectl on the PATH; absent: the test is skipped, or fails under CI=true. */
    static Path kubectl() {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        if (found == null) {
            String why = "kubectl is not on the PATH: the manifests are rendered with `kubectl kustomize`";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: it must be installed)");
            }
            Assumptions.abort(why + "; skipped");
        }
        return found;
    }

    /** Every non-empty document of a YAML stream. */
    static List<JsonNode> readAll(String yaml, String origin) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new RenderException(origin + ": invalid YAML: " + e.getMessage());
        }
        return docs;
    }

    static List<JsonNode> readAll(Path file) throws IOException {
        return readAll(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
