package io.logwarden.model;

/**
 * PyTorch's intra-op pool spins while it waits; on a small shared machine one thread runs this small
 * LSTM several times faster than two (measured on 2 cores at load 5-13: training 40 s vs 270 s per HDFS
 * fold, one-window exchanges 1 ms vs 27 ms). Must run before the engine loads; -Dai.djl.pytorch.num_threads
 * overrides it.
 */
public final class TorchThreads {

    private TorchThreads() {
    }

    public static void defaultToOne() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
