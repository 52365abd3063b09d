package io.logwarden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately small Kustomize renderer for the features k8s/** uses, so the manifests can be
 * validated on a machine without kustomize. Everything else is refused with an explicit error
 * (see {@link #SUPPORTED_FIELDS}). When a real kustomize ({@code kubectl kustomize}) is on the
 * PATH, ManifestValidationTest checks that this renderer produces exactly the same objects.
 *
 * <p>Supported: {@code resources} (YAML files, possibly multi-document, and directories holding a
 * {@code kustomization.yaml}, {@code kustomization.yml} or {@code Kustomization});
 * {@code configMapGenerator} / {@code secretGenerator} with {@code literals}, {@code files},
 * {@code behavior} (create, merge, replace) and {@code options.labels}, including kustomize's
 * content-hash name suffix and the rewriting of references to the generated names;
 * {@code patches} with a strategic-merge patch ({@code path} or inline {@code patch}, target taken
 * from the patch, {@code $patch: delete} for whole objects) or a JSON 6902 patch (list of add,
 * replace, remove operations, with a {@code target} kind and name); {@code images} (newName,
 * newTag, digest).
 */
public final class K8sRenderer {

    /** Kustomization fields this renderer implements; any other field is an error. */
    public static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "resources", "configMapGenerator", "secretGenerator", "patches", "images");
    private static final Set<String> GENERATOR_FIELDS = Set.of("name", "behavior", "literals", "files", "options", "type");
    private static final Set<String> GENERATOR_OPTION_FIELDS = Set.of("labels");
    private static final Set<String> PATCH_FIELDS = Set.of("path", "patch", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");
    private static final List<String> KUSTOMIZATION_FILES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Set<String> WORKLOAD_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    /** Thrown for anything this renderer does not implement or a kustomization that is wrong. */
    public static final class RenderException extends RuntimeException {
        public RenderException(String message) {
            super(message);
        }
    }

    /** One object in the build, with its name before the hash suffix when it was generated. */
    private static final class Res {
        ObjectNode obj;
        final boolean generated;

        Res(ObjectNode obj, boolean generated) {
            this.obj = obj;
            this.generated = generated;
        }

        String kind() {
            return obj.path("kind").asText();
        }

        String name() {
            return obj.path("metadata").path("name").asText();
        }

        String id() {
            return kind() + "/" + name();
        }
    }

    private K8sRenderer() {
    }

    /** Renders the kustomization in {@code dir} into its list of objects (hash suffixes applied). */
    public static List<ObjectNode> render(Path dir) {
        List<Res> build = build(dir.toAbsolutePath().normalize());
        // Hash suffixes are computed on the final content, then every reference is renamed.
        Map<String, String> renames = new HashMap<>();
        for (Res r : build) {
            if (r.generated) {
                String newName = r.name() + "-" + hash(r.obj);
                renames.put(r.kind() + "/" + r.name(), newName);
                ((ObjectNode) r.obj.get("metadata")).put("name", newName);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Res r : build) {
            renameReferences(r.obj, renames);
            out.add(r.obj);
        }
        return out;
    }

    private static List<Res> build(Path dir) {
        Path kfile = KUSTOMIZATION_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new RenderException("no kustomization file in " + dir));
        JsonNode k = readSingle(kfile);
        if (!k.isObject()) {
            throw new RenderException(kfile + ": not a mapping");
        }
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED_FIELDS.contains(f)) {
                throw new RenderException(kfile + ": kustomization field '" + f + "' is not supported by K8sRenderer"
                        + " (supported: " + new java.util.TreeSet<>(SUPPORTED_FIELDS) + ")");
            }
        });
        List<Res> resources = new ArrayList<>();
        for (JsonNode entry : iterable(k.path("resources"))) {
            Path p = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(p)) {
                for (Res r : build(p)) {
                    add(resources, r, kfile);
                }
            } else if (Files.isRegularFile(p)) {
                for (JsonNode doc : readAll(p)) {
                    if (!doc.isObject()) {
                        throw new RenderException(p + ": a document is not a mapping");
                    }
                    requireId((ObjectNode) doc, p);
                    add(resources, new Res((ObjectNode) doc, false), kfile);
                }
            } else {
                throw new RenderException(kfile + ": resource '" + entry.asText() + "' does not exist");
            }
        }
        for (JsonNode g : iterable(k.path("configMapGenerator"))) {
            generate(resources, g, "ConfigMap", dir, kfile);
        }
        for (JsonNode g : iterable(k.path("secretGenerator"))) {
            generate(resources, g, "Secret", dir, kfile);
        }
        for (JsonNode p : iterable(k.path("patches"))) {
            patch(resources, p, dir, kfile);
        }
        for (JsonNode img : iterable(k.path("images"))) {
            images(resources, img, kfile);
        }
        return resources;
    }

    private static void add(List<Res> list, Res r, Path kfile) {
        for (Res existing : list) {
            if (existing.id().equals(r.id())) {
                throw new RenderException(kfile + ": object " + r.id() + " is defined twice");
            }
        }
        list.add(r);
    }

    private static void requireId(ObjectNode doc, Path file) {
        if (!doc.path("apiVersion").isTextual() || !doc.path("kind").isTextual()
                || !doc.path("metadata").path("name").isTextual()) {
            throw new RenderException(file + ": every object needs apiVersion, kind and metadata.name");
        }
    }

    // ---------------------------------------------------------------- generators

    private static void generate(List<Res> resources, JsonNode g, String kind, Path dir, Path kfile) {
        checkFields(g, GENERATOR_FIELDS, kfile, kind + " generator");
        checkFields(g.path("options"), GENERATOR_OPTION_FIELDS, kfile, kind + " generator options");
        String name = g.path("name").asText(null);
        if (name == null) {
            throw new RenderException(kfile + ": a " + kind + " generator needs a name");
        }
        if (g.has("type") && !"Secret".equals(kind)) {
            throw new RenderException(kfile + ": 'type' only applies to a secretGenerator");
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode lit : iterable(g.path("literals"))) {
            String s = lit.asText();
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new RenderException(kfile + ": literal '" + s + "' is not KEY=VALUE");
            }
            putOnce(data, s.substring(0, eq), s.substring(eq + 1), kfile);
        }
        for (JsonNode f : iterable(g.path("files"))) {
            String s = f.asText();
            int eq = s.indexOf('=');
            String key = eq > 0 ? s.substring(0, eq) : null;
            Path file = dir.resolve(eq > 0 ? s.substring(eq + 1) : s).normalize();
            if (!file.startsWith(dir)) {
                // kustomize's default load restrictor (LoadRestrictionsRootOnly) refuses this too
                throw new RenderException(kfile + ": file '" + s + "' is not in or below " + dir);
            }
            if (!Files.isRegularFile(file)) {
                throw new RenderException(kfile + ": generator " + name + " lists file '" + s + "' which does not exist");
            }
            putOnce(data, key != null ? key : file.getFileName().toString(), readString(file), kfile);
        }
        String behavior = g.path("behavior").asText("create");
        Res existing = resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new RenderException(kfile + ": " + kind + " " + name + " already exists (use behavior merge or replace)");
                }
                ObjectNode obj = JsonNodeFactory.instance.objectNode();
                obj.put("apiVersion", "v1");
                obj.put("kind", kind);
                ObjectNode meta = obj.putObject("metadata");
                meta.put("name", name);
                if (g.path("options").has("labels")) {
                    meta.set("labels", g.path("options").path("labels").deepCopy());
                }
                if (!data.isEmpty()) {
                    ObjectNode d = obj.putObject("data");
                    data.forEach((key, v) -> d.put(key, encode(kind, v)));
                }
                if ("Secret".equals(kind)) {
                    obj.put("type", g.path("type").asText("Opaque"));
                }
                resources.add(new Res(obj, true));
            }
            case "merge", "replace" -> {
                if (existing == null || !existing.generated) {
                    throw new RenderException(kfile + ": behavior " + behavior + " needs a generated " + kind + " " + name + " from a base");
                }
                if (g.has("options") || g.has("type")) {
                    throw new RenderException(kfile + ": options/type with behavior " + behavior + " are not supported by K8sRenderer");
                }
                ObjectNode obj = existing.obj;
                if ("replace".equals(behavior)) {
                    obj.remove("data");
                }
                if (!data.isEmpty()) {
                    ObjectNode d = obj.has("data") ? (ObjectNode) obj.get("data") : obj.putObject("data");
                    data.forEach((key, v) -> d.put(key, encode(kind, v)));
                }
            }
            default -> throw new RenderException(kfile + ": unknown generator behavior '" + behavior + "'");
        }
    }

    private static void putOnce(Map<String, String> data, String key, String value, Path kfile) {
        if (data.put(key, value) != null) {
            throw new RenderException(kfile + ": key '" + key + "' given twice in one generator");
        }
    }

    private static String encode(String kind, String value) {
        return "Secret".equals(kind) ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value;
    }

    /**
     * Kustomize's name suffix: SHA-256 of Go's json.Marshal (sorted keys, HTML-escaped) of
     * {data, kind, name:""} for a ConfigMap and {data, kind, name:"", type} for a Secret; the first
     * ten hex digits with 0,1,3,a,e mapped to g,h,k,m,t.
     */
    static String hash(ObjectNode obj) {
        String kind = obj.path("kind").asText();
        Map<String, Object> m = new TreeMap<>();
        JsonNode data = obj.path("data");
        if (data.isObject() && data.size() > 0) {
            Map<String, String> d = new TreeMap<>();
            data.fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText()));
            m.put("data", d);
        } else {
            m.put("data", "");
        }
        m.put("kind", kind);
        m.put("name", "");
        if ("Secret".equals(kind)) {
            m.put("type", obj.path("type").asText(""));
        } else if (obj.has("binaryData")) {
            throw new RenderException("binaryData is not supported by K8sRenderer");
        }
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder escaped = new StringBuilder();
        for (char c : json.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("\\u003c");
                case '>' -> escaped.append("\\u003e");
                case '&' -> escaped.append("\\u0026");
                case '\u2028' -> escaped.append("\\u2028");
                case '\u2029' -> escaped.append("\\u2029");
                default -> escaped.append(c);
            }
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(escaped.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; out.length() < 10; i++) {
            String hex = String.format("%02x", digest[i]);
            for (char c : hex.toCharArray()) {
                out.append(switch (c) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> c;
                });
            }
        }
        return out.substring(0, 10);
    }

    // ---------------------------------------------------------------- name references

    private static void renameReferences(ObjectNode obj, Map<String, String> renames) {
        String kind = obj.path("kind").asText();
        if (WORKLOAD_KINDS.contains(kind)) {
            JsonNode podSpec = switch (kind) {
                case "Pod" -> obj.path("spec");
                case "CronJob" -> obj.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
                default -> obj.path("spec").path("template").path("spec");
            };
            for (JsonNode v : iterable(podSpec.path("volumes"))) {
                rename(v.path("configMap"), "name", "ConfigMap", renames);
                rename(v.path("secret"), "secretName", "Secret", renames);
                for (JsonNode src : iterable(v.path("projected").path("sources"))) {
                    rename(src.path("configMap"), "name", "ConfigMap", renames);
                    rename(src.path("secret"), "name", "Secret", renames);
                }
            }
            for (JsonNode ips : iterable(podSpec.path("imagePullSecrets"))) {
                rename(ips, "name", "Secret", renames);
            }
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : iterable(podSpec.path(list))) {
                    for (JsonNode e : iterable(c.path("env"))) {
                        rename(e.path("valueFrom").path("configMapKeyRef"), "name", "ConfigMap", renames);
                        rename(e.path("valueFrom").path("secretKeyRef"), "name", "Secret", renames);
                    }
                    for (JsonNode e : iterable(c.path("envFrom"))) {
                        rename(e.path("configMapRef"), "name", "ConfigMap", renames);
                        rename(e.path("secretRef"), "name", "Secret", renames);
                    }
                }
            }
        } else if ("Ingress".equals(kind)) {
            for (JsonNode tls : iterable(obj.path("spec").path("tls"))) {
                rename(tls, "secretName", "Secret", renames);
            }
        }
    }

    private static void rename(JsonNode holder, String field, String kind, Map<String, String> renames) {
        if (holder.isObject() && holder.path(field).isTextual()) {
            String to = renames.get(kind + "/" + holder.path(field).asText());
            if (to != null) {
                ((ObjectNode) holder).put(field, to);
            }
        }
    }

    // ---------------------------------------------------------------- patches

    private static void patch(List<Res> resources, JsonNode p, Path dir, Path kfile) {
        checkFields(p, PATCH_FIELDS, kfile, "patch");
        checkFields(p.path("target"), TARGET_FIELDS, kfile, "patch target");
        List<JsonNode> docs;
        if (p.has("path") == p.has("patch")) {
            throw new RenderException(kfile + ": a patch needs exactly one of path or patch");
        } else if (p.has("path")) {
            Path file = dir.resolve(p.path("path").asText()).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                throw new RenderException(kfile + ": patch file '" + p.path("path").asText() + "' is missing or outside " + dir);
            }
            docs = readAll(file);
        } else {
            docs = readAllString(p.path("patch").asText(), kfile.toString());
        }
        if (docs.size() == 1 && docs.get(0).isArray()) {
            json6902(resources, (ArrayNode) docs.get(0), p.path("target"), kfile);
            return;
        }
        if (p.has("target")) {
            throw new RenderException(kfile + ": a strategic-merge patch with a target is not supported by K8sRenderer");
        }
        for (JsonNode doc : docs) {
            if (!doc.isObject()) {
                throw new RenderException(kfile + ": patch document is not a mapping");
            }
            ObjectNode patch = ((ObjectNode) doc).deepCopy();
            requireId(patch, kfile);
            Res target = find(resources, patch.path("kind").asText(), patch.path("metadata").path("name").asText(), kfile);
            JsonNode directive = patch.remove("$patch");
            if (directive != null) {
                if (!"delete".equals(directive.asText())) {
                    throw new RenderException(kfile + ": $patch: " + directive.asText() + " is not supported by K8sRenderer");
                }
                resources.remove(target);
                continue;
            }
            if (!patch.path("apiVersion").asText().equals(target.obj.path("apiVersion").asText())) {
                throw new RenderException(kfile + ": patch apiVersion differs from " + target.id());
            }
            mergeObject(target.obj, patch, kfile);
        }
    }

    private static Res find(List<Res> resources, String kind, String name, Path kfile) {
        return resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new RenderException(kfile + ": patch target " + kind + "/" + name + " not found"));
    }

    /** Merge keys of the Kubernetes strategic merge patch for the lists our manifests patch. */
    private static String mergeKey(String field, ArrayNode patchList) {
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" -> "name";
            case "volumeMounts" -> "mountPath";
            case "ports" -> patchList.size() > 0 && patchList.get(0).has("containerPort") ? "containerPort" : "port";
            default -> null; // lists without a merge key are replaced
        };
    }

    private static void mergeObject(ObjectNode dst, ObjectNode patch, Path kfile) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode pv = e.getValue();
            if (key.startsWith("$")) {
                throw new RenderException(kfile + ": patch directive " + key + " is not supported by K8sRenderer");
            }
            JsonNode dv = dst.get(key);
            if (pv.isNull()) {
                dst.remove(key);
            } else if (pv.isObject() && dv != null && dv.isObject()) {
                mergeObject((ObjectNode) dv, (ObjectNode) pv, kfile);
            } else if (pv.isArray() && dv != null && dv.isArray() && mergeKey(key, (ArrayNode) pv) != null) {
                dst.set(key, mergeList((ArrayNode) dv, (ArrayNode) pv, mergeKey(key, (ArrayNode) pv), kfile));
            } else {
                dst.set(key, pv.deepCopy());
            }
        }
    }

    /** Like kustomize (kyaml): elements new to the list come first, in patch order, then the merged old ones. */
    private static ArrayNode mergeList(ArrayNode dst, ArrayNode patch, String mergeKey, Path kfile) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        for (JsonNode pe : patch) {
            if (!pe.isObject() || !pe.has(mergeKey)) {
                throw new RenderException(kfile + ": list element without merge key '" + mergeKey + "'");
            }
            if (pe.has("$patch")) {
                throw new RenderException(kfile + ": $patch inside a list is not supported by K8sRenderer");
            }
            byKey.put(pe.get(mergeKey).asText(), (ObjectNode) pe);
        }
        Set<String> existing = new java.util.HashSet<>();
        for (JsonNode de : dst) {
            existing.add(de.path(mergeKey).asText());
        }
        byKey.forEach((k, pe) -> {
            if (!existing.contains(k)) {
                out.add(pe.deepCopy());
            }
        });
        for (JsonNode de : dst) {
            ObjectNode copy = ((ObjectNode) de).deepCopy();
            ObjectNode pe = byKey.get(de.path(mergeKey).asText());
            if (pe != null) {
                mergeObject(copy, pe, kfile);
            }
            out.add(copy);
        }
        return out;
    }

    private static void json6902(List<Res> resources, ArrayNode ops, JsonNode target, Path kfile) {
        if (!target.has("kind") || !target.has("name")) {
            throw new RenderException(kfile + ": a JSON 6902 patch needs a target with kind and name");
        }
        Res res = find(resources, target.path("kind").asText(), target.path("name").asText(), kfile);
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            if (!path.startsWith("/")) {
                throw new RenderException(kfile + ": JSON patch path '" + path + "' must start with /");
            }
            String[] parts = path.substring(1).split("/", -1);
            JsonNode parent = res.obj;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = child(parent, unescape(parts[i]));
                if (parent == null) {
                    throw new RenderException(kfile + ": JSON patch path '" + path + "' does not exist in " + res.id());
                }
            }
            String last = unescape(parts[parts.length - 1]);
            switch (kind) {
                case "add", "replace" -> {
                    JsonNode value = op.get("value");
                    if (value == null) {
                        throw new RenderException(kfile + ": JSON patch " + kind + " without value");
                    }
                    if (parent.isObject()) {
                        if ("replace".equals(kind) && !parent.has(last)) {
                            throw new RenderException(kfile + ": replace of missing " + path);
                        }
                        ((ObjectNode) parent).set(last, value.deepCopy());
                    } else if (parent.isArray()) {
                        ArrayNode arr = (ArrayNode) parent;
                        if ("-".equals(last) && "add".equals(kind)) {
                            arr.add(value.deepCopy());
                        } else {
                            int idx = Integer.parseInt(last);
                            if ("add".equals(kind)) {
                                arr.insert(idx, value.deepCopy());
                            } else {
                                arr.set(idx, value.deepCopy());
                            }
                        }
                    }
                }
                case "remove" -> {
                    if (parent.isObject() && parent.has(last)) {
                        ((ObjectNode) parent).remove(last);
                    } else if (parent.isArray()) {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    } else {
                        throw new RenderException(kfile + ": remove of missing " + path);
                    }
                }
                default -> throw new RenderException(kfile + ": JSON patch op '" + kind + "' is not supported by K8sRenderer");
            }
        }
    }

    private static JsonNode child(JsonNode node, String part) {
        if (node.isObject()) {
            return node.get(part);
        }
        if (node.isArray() && part.matches("\\d+")) {
            return node.get(Integer.parseInt(part));
        }
        return null;
    }

    private static String unescape(String s) {
        return s.replace("~1", "/").replace("~0", "~");
    }

    // ---------------------------------------------------------------- images

    private static void images(List<Res> resources, JsonNode img, Path kfile) {
        checkFields(img, IMAGE_FIELDS, kfile, "images entry");
        String name = img.path("name").asText(null);
        if (name == null) {
            throw new RenderException(kfile + ": an images entry needs a name");
        }
        for (Res r : resources) {
            if (!WORKLOAD_KINDS.contains(r.kind())) {
                continue;
            }
            JsonNode podSpec = "CronJob".equals(r.kind())
                    ? r.obj.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                    : "Pod".equals(r.kind()) ? r.obj.path("spec") : r.obj.path("spec").path("template").path("spec");
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : iterable(podSpec.path(list))) {
                    String image = c.path("image").asText();
                    String rest;
                    if (image.equals(name)) {
                        rest = "";
                    } else if (image.startsWith(name + ":") || image.startsWith(name + "@")) {
                        rest = image.substring(name.length());
                    } else {
                        continue;
                    }
                    String newImage = img.path("newName").asText(name);
                    if (img.has("digest")) {
                        newImage += "@" + img.path("digest").asText();
                    } else if (img.has("newTag")) {
                        newImage += ":" + img.path("newTag").asText();
                    } else {
                        newImage += rest;
                    }
                    ((ObjectNode) c).put("image", newImage);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void checkFields(JsonNode node, Set<String> allowed, Path kfile, String what) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new RenderException(kfile + ": " + what + " must be a mapping");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new RenderException(kfile + ": " + what + " field '" + f + "' is not supported by K8sRenderer");
            }
        });
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RenderException("expected a list, got: " + node);
        }
        return node;
    }

    static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RenderException("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static JsonNode readSingle(Path p) {
        List<JsonNode> docs = readAll(p);
        if (docs.size() != 1) {
            throw new RenderException(p + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static List<JsonNode> readAll(Path p) {
        return readAllString(readString(p), p.toString());
    }

    static List<JsonNode> readAllString(String yaml, String origin) {
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
}
