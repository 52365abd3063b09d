package io.logwarden.tail;

/**
 * Headers a followed line carries besides {@link io.logwarden.parse.LineHeaders}: what only the tailer knows about it.
 */
public final class TailHeaders {

    /** Kubernetes labels of a container log (/var/log/containers/<pod>_<namespace>_<container>-<id>.log); absent otherwise. */
    public static final String K8S_NAMESPACE = "LogwardenK8sNamespace";
    public static final String K8S_POD = "LogwardenK8sPod";
    public static final String K8S_CONTAINER = "LogwardenK8sContainer";

    private TailHeaders() {
    }
}
