package io.logwarden.cli;

/** Settings shared by the offline commands. */
final class Cli {

    private Cli() {
    }

    /**
     * PyTorch's intra-op thread pool spins; on a small shared machine one thread trains this small LSTM
     * several times faster than two (measured: 40 s vs 270 s per HDFS fold at load 13 on 2 cores).
     * Set -Dai.djl.pytorch.num_threads to override.
     */
    static void singleThreadedTorchUnlessSet() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
