package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The labels a kubelet container log name gives, for a followed file and for an alert's source. */
class KubernetesLogPathTest {

    static final String ID = "0123456789abcdef".repeat(4);
    static final String KUBELET = "/var/log/containers/web-7d9f8-x2kq_shop_nginx-" + ID + ".log";

    @Test
    void aKubeletLogNameGivesNamespacePodAndContainer() {
        KubernetesLogPath k8s = KubernetesLogPath.of(Path.of(KUBELET)).orElseThrow();
        assertThat(k8s.labels()).containsExactly(entry("namespace", "shop"), entry("pod", "web-7d9f8-x2kq"),
                entry("container", "nginx"), entry("container_id", ID));
        assertThat(KubernetesLogPath.labelsOfSource(KUBELET))
                .containsExactly(entry("namespace", "shop"), entry("pod", "web-7d9f8-x2kq"), entry("container", "nginx"));
    }

    @Test
    void otherSourcesHaveNoLabels() {
        assertThat(KubernetesLogPath.ofSource("/var/log/app/server.log")).isEmpty();
        assertThat(KubernetesLogPath.labelsOfSource("/var/log/app/server.log")).isNull();
        assertThat(KubernetesLogPath.ofSource("upload:auth.log")).isEmpty();
        // no container id: a file someone named like a pod is not a kubelet log
        assertThat(KubernetesLogPath.ofSource("/var/log/containers/web_shop_nginx.log")).isEmpty();
        assertThat(KubernetesLogPath.ofSource("bad\0path")).isEmpty();
        assertThat(KubernetesLogPath.ofSource("")).isEmpty();
        assertThat(KubernetesLogPath.ofSource(null)).isEmpty();
        assertThat(KubernetesLogPath.ofSource("/")).isEmpty();
    }
}
