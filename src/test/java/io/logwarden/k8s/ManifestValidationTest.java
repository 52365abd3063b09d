package io.logwarden.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renders every kustomization under k8s/ with {@code kubectl kustomize} (see {@link Kustomize}) and checks each object against the Kubernetes API model
 * (fabric8), strictly: an unknown (e.g. misspelled) field or a wrong type fails. Then checks what
 * matters for Logwarden: probes on the actuator groups, a locked-down securityContext, resources,
 * references that resolve, and that the routes ConfigMap holds exactly the files of routes/.
 * Run alone with {@code mvn -q -B test -Dtest=ManifestValidationTest} ({@code make k8s-validate}).
 */
class ManifestValidationTest {

    static final Path ROOT = Paths.get("").toAbsolutePath();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path ROUTES = ROOT.resolve("routes");
    static final List<String> OVERLAYS = List.of("dev", "prod", "daemonset", "cluster");
    /** Overlays that run in an empty cluster: every object they reference is in the render. */
    static final Set<String> SELF_CONTAINED = Set.of("dev", "cluster");
    /** Secrets prod expects the operator to create; nothing in prod may define them. */
    static final Set<String> OPERATOR_SECRETS = Set.of("logwarden-admin", "logwarden-db", "logwarden-tls");

    static final Map<String, Class<? extends HasMetadata>> KINDS = new LinkedHashMap<>();
    static final Map<String, String> API_VERSIONS = new LinkedHashMap<>();

    static {
        kind("v1", "ServiceAccount", ServiceAccount.class);
        kind("v1", "ConfigMap", ConfigMap.class);
        kind("v1", "Secret", Secret.class);
        kind("v1", "Service", Service.class);
        kind("v1", "PersistentVolumeClaim", PersistentVolumeClaim.class);
        kind("apps/v1", "Deployment", Deployment.class);
        kind("apps/v1", "StatefulSet", StatefulSet.class);
        kind("apps/v1", "DaemonSet", DaemonSet.class);
        kind("networking.k8s.io/v1", "Ingress", Ingress.class);
        kind("policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class);
    }

    private static void kind(String apiVersion, String kind, Class<? extends HasMetadata> type) {
        KINDS.put(kind, type);
        API_VERSIONS.put(kind, apiVersion);
    }

    /** Jackson set up so that the fabric8 model behaves like the API server's schema check. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            STRICT.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    // ------------------------------------------------------------------ rendering + schema

    /** Renders one kustomization directory and parses every object strictly. */
    static List<HasMetadata> renderAndValidate(Path dir) {
        List<HasMetadata> out = new ArrayList<>();
        for (ObjectNode node : Kustomize.render(dir)) {
            out.add(validate(node));
        }
        return out;
    }

    /** Parses one object with the fabric8 model; fails on unknown fields, wrong types and wrong apiVersion. */
    static HasMetadata validate(JsonNode node) {
        String kind = node.path("kind").asText();
        String name = node.path("metadata").path("name").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new AssertionError("kind " + kind + " (" + name + ") is not one the validator knows: add it to KINDS");
        }
        if (!API_VERSIONS.get(kind).equals(node.path("apiVersion").asText())) {
            throw new AssertionError(kind + "/" + name + ": apiVersion " + node.path("apiVersion").asText()
                    + ", expected " + API_VERSIONS.get(kind));
        }
        HasMetadata obj;
        try {
            obj = STRICT.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(kind + "/" + name + ": does not match the Kubernetes schema: " + e.getOriginalMessage()
                    + " at " + e.getLocation() + " " + (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme ? jme.getPathReference() : ""), e);
        }
        // The fabric8 model keeps unknown fields in additionalProperties instead of failing.
        List<String> unknown = new ArrayList<>();
        collectUnknown(obj, kind, unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError(kind + "/" + name + ": unknown field(s) " + unknown);
        }
        if (name.isEmpty() || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || name.length() > 253) {
            throw new AssertionError(kind + "/" + name + ": invalid metadata.name");
        }
        return obj;
    }

    private static void collectUnknown(Object o, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                collectUnknown(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if ("getAdditionalProperties".equals(m.getName())) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                collectUnknown(v, path + "." + field, unknown, seen);
            }
        }
    }

    static List<HasMetadata> overlay(String name) {
        return renderAndValidate(K8S.resolve("overlays").resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/daemonset", "overlays/cluster"})
    void everyObjectMatchesTheKubernetesSchema(String dir) {
        List<HasMetadata> objects = renderAndValidate(K8S.resolve(dir));
        assertThat(objects).isNotEmpty();
        assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).distinct().count())
                .as("unique kind/name").isEqualTo(objects.size());
    }

    // ------------------------------------------------------------------ Logwarden-specific checks

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "daemonset", "cluster"})
    void probesPointAtTheActuatorHealthGroups(String overlay) {
        for (PodTemplateSpec t : logwardenPods(overlay(overlay))) {
            Container c = container(t.getSpec(), "logwarden");
            assertThat(httpGet(c.getLivenessProbe()).getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(httpGet(c.getReadinessProbe()).getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(httpGet(c.getStartupProbe()).getPath()).isEqualTo("/actuator/health/liveness");
            for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                assertThat(resolvePort(c, httpGet(p).getPort())).as("probe port is the HTTP port").isEqualTo(8000);
            }
            Probe s = c.getStartupProbe();
            assertThat(s.getPeriodSeconds() * s.getFailureThreshold())
                    .as("startupProbe gives DJL/PyTorch at least 2 minutes").isGreaterThanOrEqualTo(120);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "daemonset", "cluster"})
    void podsRunLockedDown(String overlay) {
        List<HasMetadata> objects = overlay(overlay);
        for (PodTemplateSpec t : allPods(objects)) {
            PodSpec spec = t.getSpec();
            PodSecurityContext psc = spec.getSecurityContext();
            assertThat(psc).as("pod securityContext").isNotNull();
            assertThat(psc.getRunAsNonRoot()).isTrue();
            assertThat(psc.getRunAsUser()).isNotNull().isPositive();
            assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(spec.getAutomountServiceAccountToken()).as("no API token in the pod").isFalse();
            assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostPID()).isNotEqualTo(Boolean.TRUE);
            for (Container c : containers(spec)) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as(c.getName() + " securityContext").isNotNull();
                assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName() + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName() + " allowPrivilegeEscalation").isFalse();
                assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop()).as(c.getName() + " drops ALL").contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(c.getName() + " adds no capability").isNullOrEmpty();
                assertThat(sc.getRunAsUser()).as("no per-container uid override").isNull();
                assertThat(c.getResources().getRequests()).as(c.getName() + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(c.getName() + " limits").containsKey("memory");
            }
        }
        for (PodTemplateSpec t : logwardenPods(objects)) {
            PodSpec spec = t.getSpec();
            assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(spec.getServiceAccountName()).isEqualTo("logwarden");
            assertThat(spec.getEnableServiceLinks()).isFalse();
            Container c = container(spec, "logwarden");
            // Writable only where needed: /tmp (emptyDir) and the state directory.
            for (VolumeMount m : c.getVolumeMounts()) {
                if (!Boolean.TRUE.equals(m.getReadOnly())) {
                    assertThat(m.getMountPath()).as("writable mount").isIn("/tmp", "/var/lib/logwarden");
                }
            }
            Volume tmp = volume(spec, mountOf(c, "/tmp").getName());
            assertThat(tmp.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
            Map<String, String> env = env(c);
            assertThat(env).containsEntry("HOME", "/tmp/home").containsEntry("DJL_CACHE_DIR", "/tmp/djl")
                    .containsEntry("ENGINE_CACHE_DIR", "/tmp/djl");
            for (Volume v : spec.getVolumes()) {
                if (v.getHostPath() != null) {
                    assertThat(overlay).as("hostPath only in the DaemonSet variants").isIn("daemonset", "cluster");
                    assertThat(v.getHostPath().getPath()).isEqualTo("/var/log");
                    VolumeMount m = c.getVolumeMounts().stream().filter(x -> x.getName().equals(v.getName())).findFirst().orElseThrow();
                    assertThat(m.getReadOnly()).as("/var/log mounted read-only").isTrue();
                    assertThat(m.getMountPath()).isEqualTo("/var/log");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "daemonset", "cluster"})
    void referencesResolveAndServiceAndIngressFitThePods(String overlay) {
        List<HasMetadata> objects = overlay(overlay);
        Set<String> defined = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> external = new TreeSet<>();
        Map<PodTemplateSpec, Set<String>> claimTemplates = new IdentityHashMap<>();
        objects.stream().filter(o -> o instanceof StatefulSet).map(o -> (StatefulSet) o).forEach(s -> claimTemplates.put(
                s.getSpec().getTemplate(), s.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName())
                        .collect(Collectors.toSet())));
        for (PodTemplateSpec t : allPods(objects)) {
            PodSpec spec = t.getSpec();
            Set<String> volumeNames = spec.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
            volumeNames.addAll(claimTemplates.getOrDefault(t, Set.of()));
            for (Container c : containers(spec)) {
                for (VolumeMount m : c.getVolumeMounts()) {
                    assertThat(volumeNames).as("volume of mount " + m.getMountPath()).contains(m.getName());
                }
                c.getEnvFrom().forEach(e -> {
                    if (e.getConfigMapRef() != null) {
                        external.add("ConfigMap/" + e.getConfigMapRef().getName());
                    }
                    if (e.getSecretRef() != null) {
                        external.add("Secret/" + e.getSecretRef().getName());
                    }
                });
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        external.add("Secret/" + e.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        external.add("ConfigMap/" + e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null) {
                    external.add("ConfigMap/" + v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    external.add("Secret/" + v.getSecret().getSecretName());
                }
                if (v.getPersistentVolumeClaim() != null) {
                    external.add("PersistentVolumeClaim/" + v.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        objects.stream().filter(o -> o instanceof Ingress).map(o -> (Ingress) o).forEach(i ->
                i.getSpec().getTls().forEach(tls -> external.add("Secret/" + tls.getSecretName())));
        external.removeAll(defined);
        Set<String> allowed = SELF_CONTAINED.contains(overlay) ? Set.of()
                : OPERATOR_SECRETS.stream().map(s -> "Secret/" + s).collect(Collectors.toSet());
        assertThat(external).as("references to objects not in the render").isSubsetOf(allowed);

        // Secret keys the dev and cluster overlays generate match the keys the pods ask for.
        if (SELF_CONTAINED.contains(overlay)) {
            for (PodTemplateSpec t : allPods(objects)) {
                for (Container c : containers(t.getSpec())) {
                    for (EnvVar e : c.getEnv()) {
                        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                            Secret s = (Secret) objects.stream().filter(o -> o instanceof Secret
                                    && o.getMetadata().getName().equals(e.getValueFrom().getSecretKeyRef().getName())).findFirst().orElseThrow();
                            assertThat(s.getData()).containsKey(e.getValueFrom().getSecretKeyRef().getKey());
                        }
                    }
                }
            }
        }

        // The Service selects the Logwarden pods, and its named target ports exist in the container.
        Service svc = (Service) objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals("logwarden"))
                .findFirst().orElseThrow();
        List<PodTemplateSpec> served = logwardenPods(objects).stream()
                .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(svc.getSpec().getSelector().entrySet())).toList();
        assertThat(served).as("the Service selects one Logwarden workload (the detectors in the cluster overlay)").hasSize(1);
        PodTemplateSpec pod = served.get(0);
        Map<String, Integer> svcPorts = new TreeMap<>();
        svc.getSpec().getPorts().forEach(p -> {
            svcPorts.put(p.getName(), p.getPort());
            assertThat(resolvePort(container(pod.getSpec(), "logwarden"), p.getTargetPort())).isEqualTo(p.getPort());
        });
        assertThat(svcPorts).isEqualTo(Map.of("http", 8000, "ws", 8001));

        // Ingress: WebSocket path to 8001, everything else to 8000, both on one host.
        Ingress ing = (Ingress) objects.stream().filter(o -> o instanceof Ingress).findFirst().orElseThrow();
        assertThat(ing.getSpec().getRules()).hasSize(1);
        Map<String, String> paths = new TreeMap<>();
        for (HTTPIngressPath p : ing.getSpec().getRules().get(0).getHttp().getPaths()) {
            assertThat(p.getBackend().getService().getName()).isEqualTo("logwarden");
            paths.put(p.getPath(), p.getBackend().getService().getPort().getName());
        }
        assertThat(paths).isEqualTo(Map.of("/api/v1/streaming/ws", "ws", "/", "http"));
        assertThat(ing.getMetadata().getAnnotations())
                .containsKeys("nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout");
    }

    @Test
    void devRunsInAnEmptyClusterWithItsOwnPostgres() {
        List<HasMetadata> objects = overlay("dev");
        assertThat(objects).anyMatch(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("logwarden-postgres"));
        Service pg = (Service) objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals("logwarden-postgres"))
                .findFirst().orElseThrow();
        assertThat(pg.getSpec().getClusterIP()).as("headless").isEqualTo("None");
        Map<String, String> config = settings(objects);
        assertThat(config).containsEntry("SPRING_PROFILES_ACTIVE", "postgres").containsEntry("LOGWARDEN_DEMO_ENABLED", "true");
        assertThat(objects).filteredOn(o -> o instanceof Secret).extracting(o -> o.getMetadata().getName())
                .anyMatch(n -> n.startsWith("logwarden-admin-")).anyMatch(n -> n.startsWith("logwarden-db-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "daemonset"})
    void prodDefinesNoSecretsAndRequiresTheApiToken(String overlay) {
        List<HasMetadata> objects = overlay(overlay);
        assertThat(objects).as("prod references operator-made Secrets, never defines one").noneMatch(o -> o instanceof Secret);
        assertThat(objects).noneMatch(o -> o instanceof StatefulSet);
        assertThat(settings(objects)).containsEntry("LOGWARDEN_API_TOKENREQUIRED", "true")
                .containsEntry("SPRING_PROFILES_ACTIVE", "postgres").doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
        for (PodTemplateSpec t : allPods(objects)) {
            for (Container c : containers(t.getSpec())) {
                assertThat(c.getImage()).as("pinned image").doesNotEndWith(":latest").contains(":");
                for (EnvVar e : c.getEnv()) {
                    if (e.getName().matches(".*(PASSWORD|TOKEN).*")) {
                        assertThat(e.getValue()).as(e.getName() + " comes from a Secret").isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
                    }
                }
            }
            Map<String, String> env = env(container(t.getSpec(), "logwarden"));
            assertThat(env).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                    "LOGWARDEN_ADMIN_USER", "LOGWARDEN_ADMIN_PASSWORD", "LOGWARDEN_API_TOKEN");
        }
    }

    @Test
    void daemonSetFollowsNodeLogsAndMatchesTheDeploymentContainer() {
        List<HasMetadata> objects = overlay("daemonset");
        assertThat(objects).noneMatch(o -> o instanceof Deployment).noneMatch(o -> o instanceof PersistentVolumeClaim);
        DaemonSet ds = (DaemonSet) objects.stream().filter(o -> o instanceof DaemonSet).findFirst().orElseThrow();
        Map<String, String> config = settings(objects);
        assertThat(config).containsEntry("LOGWARDEN_TAIL_ALLOWEDROOTS", "/var/log");
        for (String f : config.get("LOGWARDEN_TAIL_FOLLOW").split(",")) {
            assertThat(f).startsWith("/var/log/");
        }
        // Drift guard: the DaemonSet container is the prod Deployment container plus /var/log.
        Deployment dep = (Deployment) overlay("prod").stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        Container a = container(dep.getSpec().getTemplate().getSpec(), "logwarden");
        Container b = container(ds.getSpec().getTemplate().getSpec(), "logwarden");
        assertRunsTheSameContainer(b, a);
        assertThat(b.getEnvFrom()).hasSize(1);
        assertThat(b.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo(settingsName(objects));
        assertThat(b.getEnv()).containsAll(a.getEnv());
        assertThat(b.getVolumeMounts()).containsAll(a.getVolumeMounts());
        assertThat(ds.getSpec().getTemplate().getSpec().getInitContainers()).hasSameSizeAs(dep.getSpec().getTemplate().getSpec().getInitContainers());
    }

    @Test
    void clusterRunsAgentsDetectorsAndKafkaInAnEmptyCluster() {
        List<HasMetadata> objects = overlay("cluster");
        assertThat(objects).as("no ReadWriteOnce claim shared by replicas").noneMatch(o -> o instanceof PersistentVolumeClaim);
        assertThat(objects).anyMatch(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("logwarden-postgres"));
        Map<String, String> config = settings(objects);

        // Agents: one per node, node logs read-only, the node's name in the record key, no database.
        DaemonSet agents = named(objects, DaemonSet.class, "logwarden-agent");
        Container agent = container(agents.getSpec().getTemplate().getSpec(), "logwarden");
        Map<String, String> agentEnv = env(agent);
        assertThat(agentEnv).containsEntry("LOGWARDEN_ROLE", "agent").containsEntry("LOGWARDEN_KAFKA_HOST", "$(NODE_NAME)")
                .containsEntry("SPRING_PROFILES_ACTIVE", "default").doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
        assertThat(agent.getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow()
                .getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        assertThat(agent.getEnv()).as("NODE_NAME is defined before the variable that refers to it")
                .extracting(EnvVar::getName).containsSubsequence("NODE_NAME", "LOGWARDEN_KAFKA_HOST");
        assertThat(mountOf(agent, "/var/log").getReadOnly()).isTrue();
        for (String f : agentEnv.get("LOGWARDEN_TAIL_FOLLOW").split(",")) {
            assertThat(f).startsWith("/var/log/");
        }

        // Detectors: 3 replicas in one group, at most one taken by a voluntary disruption, no demo of their own.
        Deployment detectors = named(objects, Deployment.class, "logwarden-detector");
        assertThat(detectors.getSpec().getReplicas()).isEqualTo(3);
        assertThat(detectors.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        PodSpec detectorPod = detectors.getSpec().getTemplate().getSpec();
        Container detector = container(detectorPod, "logwarden");
        assertThat(env(detector)).containsEntry("LOGWARDEN_ROLE", "detector").containsEntry("LOGWARDEN_DEMO_ENABLED", "false")
                .containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD");
        assertThat(volume(detectorPod, "state").getEmptyDir()).isNotNull();
        assertThat(config).containsEntry("SPRING_PROFILES_ACTIVE", "postgres").containsKey("LOGWARDEN_KAFKA_GROUPID");
        PodDisruptionBudget pdb = named(objects, PodDisruptionBudget.class, "logwarden-detector");
        assertThat(detectors.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(named(objects, DaemonSet.class, "logwarden-agent").getSpec().getTemplate().getMetadata().getLabels())
                .as("the PDB and the Service select detectors only")
                .doesNotContainEntry("app.kubernetes.io/component", pdb.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"));
        int allowedDown = pdb.getSpec().getMaxUnavailable() != null ? pdb.getSpec().getMaxUnavailable().getIntVal()
                : 3 - pdb.getSpec().getMinAvailable().getIntVal();
        assertThat(allowedDown).isEqualTo(1);

        // Drift guard: agents and detectors run the dev Deployment's container (image, ports, probes, limits).
        Container dev = container(named(overlay("dev"), Deployment.class, "logwarden").getSpec().getTemplate().getSpec(), "logwarden");
        assertRunsTheSameContainer(agent, dev);
        assertRunsTheSameContainer(detector, dev);

        // Kafka: every voter of the quorum is a pod of the StatefulSet, reachable through the headless Service
        // the Logwardens bootstrap from, before it is ready.
        StatefulSet kafka = named(objects, StatefulSet.class, "logwarden-kafka");
        Service kafkaService = named(objects, Service.class, "logwarden-kafka");
        assertThat(kafkaService.getSpec().getClusterIP()).as("headless").isEqualTo("None");
        assertThat(kafkaService.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(kafka.getSpec().getServiceName()).isEqualTo("logwarden-kafka");
        assertThat(kafka.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(kafkaService.getSpec().getSelector());
        int nodes = kafka.getSpec().getReplicas();
        assertThat(nodes).isEqualTo(3);
        Map<String, String> kafkaEnv = env(container(kafka.getSpec().getTemplate().getSpec(), "kafka"));
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            voters.add(i + "@logwarden-kafka-" + i + ".logwarden-kafka:9093");
        }
        assertThat(kafkaEnv.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(String.join(",", voters));
        assertThat(kafkaEnv).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsKey("CLUSTER_ID");
        assertThat(Integer.parseInt(kafkaEnv.get("KAFKA_MIN_INSYNC_REPLICAS")))
                .as("acks=all writes survive one node down").isLessThan(Integer.parseInt(kafkaEnv.get("KAFKA_DEFAULT_REPLICATION_FACTOR")));
        assertThat(Integer.parseInt(kafkaEnv.get("KAFKA_NUM_PARTITIONS"))).as("a partition for each detector")
                .isGreaterThanOrEqualTo(detectors.getSpec().getReplicas());
        assertThat(kafkaService.getSpec().getPorts()).anyMatch(p -> p.getPort() == 9092);
        assertThat(config).containsEntry("LOGWARDEN_KAFKA_BROKERS", "logwarden-kafka:9092");
        assertThat(named(objects, PodDisruptionBudget.class, "logwarden-kafka").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    /** Drift guard between a variant's container and the one it copies: what must not differ. */
    private static void assertRunsTheSameContainer(Container actual, Container expected) {
        assertThat(actual.getImage()).isEqualTo(expected.getImage());
        assertThat(actual.getPorts()).isEqualTo(expected.getPorts());
        assertThat(actual.getResources()).isEqualTo(expected.getResources());
        assertThat(actual.getSecurityContext()).isEqualTo(expected.getSecurityContext());
        assertThat(actual.getLivenessProbe()).isEqualTo(expected.getLivenessProbe());
        assertThat(actual.getReadinessProbe()).isEqualTo(expected.getReadinessProbe());
        assertThat(actual.getStartupProbe()).isEqualTo(expected.getStartupProbe());
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + "/" + name));
    }

    @Test
    void routesConfigMapHoldsExactlyTheRoutesDirectory() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        if (Files.isDirectory(ROUTES)) {
            try (Stream<Path> files = Files.list(ROUTES)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList()) {
                    expected.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        // First a readable message naming the file to add or remove in routes/Kustomization.
        JsonNode k = Kustomize.readAll(ROUTES.resolve("Kustomization")).get(0);
        Set<String> listed = new TreeSet<>();
        for (JsonNode g : k.path("configMapGenerator")) {
            if ("logwarden-routes".equals(g.path("name").asText())) {
                g.path("files").forEach(f -> listed.add(f.asText()));
            }
        }
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(listed);
        Set<String> extra = new TreeSet<>(listed);
        extra.removeAll(expected.keySet());
        assertThat(missing).as("routes/*.yaml files not listed in routes/Kustomization (add them)").isEmpty();
        assertThat(extra).as("files listed in routes/Kustomization that are not routes/*.yaml (remove them)").isEmpty();

        for (String overlay : OVERLAYS) {
            List<HasMetadata> objects = overlay(overlay);
            ConfigMap routes = (ConfigMap) objects.stream()
                    .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().startsWith("logwarden-routes-"))
                    .findFirst().orElseThrow();
            Map<String, String> data = routes.getData() == null ? Map.of() : routes.getData();
            assertThat(new TreeMap<>(data)).as(overlay + ": routes ConfigMap content").isEqualTo(expected);
            for (PodTemplateSpec pod : logwardenPods(objects)) {
                Container c = container(pod.getSpec(), "logwarden");
                VolumeMount m = mountOf(c, settings(objects).get("LOGWARDEN_ROUTESDIR"));
                assertThat(m.getSubPath()).as("whole directory mount, so updates reach the pod").isNull();
                assertThat(volume(pod.getSpec(), m.getName()).getConfigMap().getName()).isEqualTo(routes.getMetadata().getName());
            }
        }
    }

    // ------------------------------------------------------------------ the validator catches mistakes

    @Test
    void misspelledFieldFails() {
        ObjectNode dep = devDeployment();
        ObjectNode podSpec = (ObjectNode) dep.path("spec").path("template").path("spec");
        podSpec.set("contianers", podSpec.remove("containers"));
        assertThatThrownBy(() -> validate(dep)).isInstanceOf(AssertionError.class).hasMessageContaining("contianers");
    }

    @Test
    void misspelledNestedFieldFails() {
        ObjectNode dep = devDeployment();
        ObjectNode c = (ObjectNode) dep.path("spec").path("template").path("spec").path("containers").get(0);
        c.set("readinesProbe", c.remove("readinessProbe"));
        assertThatThrownBy(() -> validate(dep)).isInstanceOf(AssertionError.class).hasMessageContaining("readinesProbe");
    }

    @Test
    void wrongTypesFail() {
        ObjectNode a = devDeployment();
        ((ObjectNode) a.get("spec")).put("replicas", "two");
        assertThatThrownBy(() -> validate(a)).isInstanceOf(AssertionError.class).hasMessageContaining("replicas");

        ObjectNode b = devDeployment();
        ((ObjectNode) b.get("spec")).put("replicas", "1"); // a string is not an int32, even if it looks like one
        assertThatThrownBy(() -> validate(b)).isInstanceOf(AssertionError.class);

        ObjectNode c = devDeployment();
        ((ObjectNode) c.path("spec").path("template").path("spec").path("containers").get(0)).put("image", 42);
        assertThatThrownBy(() -> validate(c)).isInstanceOf(AssertionError.class);

        ObjectNode d = devDeployment();
        ((ObjectNode) d.path("spec").path("template").path("spec").path("securityContext")).put("runAsNonRoot", "yes");
        assertThatThrownBy(() -> validate(d)).isInstanceOf(AssertionError.class);

        ObjectNode e = devDeployment();
        ((ObjectNode) e.path("spec").path("template").path("spec")).putArray("volumes").addObject().put("name", "x").put("emptyDir", "yes");
        assertThatThrownBy(() -> validate(e)).isInstanceOf(AssertionError.class);
    }

    @Test
    void brokenManifestInAKustomizationFails(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- deployment.yaml\n");
        Files.writeString(tmp.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken
                spec:
                  replicas: "two"
                  selector:
                    matchLabels: {app: broken}
                  template:
                    metadata:
                      labels: {app: broken}
                    spec:
                      contianers:
                      - name: app
                        image: busybox
                """);
        assertThatThrownBy(() -> renderAndValidate(tmp)).isInstanceOf(AssertionError.class).hasMessageContaining("replicas");
        Files.writeString(tmp.resolve("deployment.yaml"), Files.readString(tmp.resolve("deployment.yaml")).replace("\"two\"", "2"));
        assertThatThrownBy(() -> renderAndValidate(tmp)).isInstanceOf(AssertionError.class).hasMessageContaining("contianers");
        Files.writeString(tmp.resolve("deployment.yaml"), Files.readString(tmp.resolve("deployment.yaml")).replace("contianers", "containers"));
        assertThat(renderAndValidate(tmp)).hasSize(1);
    }

    @Test
    void kustomizeErrorsFailWithKustomizesMessage(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("k"));
        Files.writeString(tmp.resolve("outside.yaml"), "a: 1\n");
        Files.writeString(dir.resolve("kustomization.yaml"), "configMapGenerator:\n- name: r\n  files: [../outside.yaml]\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(Kustomize.RenderException.class)
                .hasMessageContaining("not in or below");
        Files.writeString(dir.resolve("kustomization.yaml"), "configMapGenerator:\n- name: r\n  files: [gone.yaml]\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(Kustomize.RenderException.class)
                .hasMessageContaining("gone.yaml");
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode devDeployment() {
        ObjectNode dep = Kustomize.render(K8S.resolve("overlays/dev")).stream()
                .filter(n -> "Deployment".equals(n.path("kind").asText())).findFirst().orElseThrow();
        validate(dep); // the unbroken object is valid
        return dep;
    }

    static List<PodTemplateSpec> allPods(List<HasMetadata> objects) {
        List<PodTemplateSpec> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                pods.add(d.getSpec().getTemplate());
            } else if (o instanceof StatefulSet s) {
                pods.add(s.getSpec().getTemplate());
            } else if (o instanceof DaemonSet d) {
                pods.add(d.getSpec().getTemplate());
            }
        }
        return pods;
    }

    /** The workloads running Logwarden: `logwarden`, or the cluster overlay's agents and detectors. */
    static final Set<String> LOGWARDEN_WORKLOADS = Set.of("logwarden", "logwarden-agent", "logwarden-detector");

    static List<PodTemplateSpec> logwardenPods(List<HasMetadata> objects) {
        List<PodTemplateSpec> pods = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (HasMetadata o : objects) {
            if ((o instanceof Deployment || o instanceof DaemonSet) && LOGWARDEN_WORKLOADS.contains(o.getMetadata().getName())) {
                names.add(o.getMetadata().getName());
                PodTemplateSpec t = o instanceof Deployment d ? d.getSpec().getTemplate() : ((DaemonSet) o).getSpec().getTemplate();
                Map<String, String> selector = o instanceof Deployment d ? d.getSpec().getSelector().getMatchLabels()
                        : ((DaemonSet) o).getSpec().getSelector().getMatchLabels();
                assertThat(t.getMetadata().getLabels()).as("selector matches template labels").containsAllEntriesOf(selector);
                pods.add(t);
            }
        }
        assertThat(names).as("one Logwarden workload, or the cluster overlay's agents and detectors")
                .isIn(Set.of("logwarden"), Set.of("logwarden-agent", "logwarden-detector"));
        return pods;
    }

    static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        assertThat(spec.getContainers()).isNotEmpty();
        all.forEach(c -> assertThat(c.getImage()).as(c.getName() + " image").isNotBlank());
        return all;
    }

    static Container container(PodSpec spec, String name) {
        return spec.getContainers().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static HTTPGetAction httpGet(Probe p) {
        assertThat(p).isNotNull();
        assertThat(p.getHttpGet()).as("probe uses httpGet").isNotNull();
        return p.getHttpGet();
    }

    static int resolvePort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> Objects.equals(p.getName(), port.getStrVal())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal())).getContainerPort();
    }

    static VolumeMount mountOf(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    static Volume volume(PodSpec spec, String name) {
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static Map<String, String> env(Container c) {
        Map<String, String> m = new TreeMap<>();
        c.getEnv().forEach(e -> m.put(e.getName(), e.getValue()));
        return m;
    }

    static String settingsName(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof ConfigMap && o.getMetadata().getName().startsWith("logwarden-config-"))
                .map(o -> o.getMetadata().getName()).findFirst().orElseThrow();
    }

    static Map<String, String> settings(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof ConfigMap && o.getMetadata().getName().startsWith("logwarden-config-"))
                .map(o -> ((ConfigMap) o).getData()).findFirst().orElseThrow();
    }
}
