package io.logwarden.tail;

/** Headers every log line carries from the tail routes (and uploads) into the pipeline. */
public final class TailHeaders {

    /** The followed file's path (or "upload:NAME" for uploads). */
    public static final String SOURCE = "LogwardenSource";
    /** 1-based line number in the source. */
    public static final String LINE_NUMBER = "LogwardenLineNumber";
    /** Kubernetes labels of a container log (/var/log/containers/<pod>_<namespace>_<container>-<id>.log); absent otherwise. */
    public static final String K8S_NAMESPACE = "LogwardenK8sNamespace";
    public static final String K8S_POD = "LogwardenK8sPod";
    public static final String K8S_CONTAINER = "LogwardenK8sContainer";

    private TailHeaders() {
    }
}
