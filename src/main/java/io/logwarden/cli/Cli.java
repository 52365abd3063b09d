package io.logwarden.cli;

/** Settings shared by the offline commands. */
final class Cli {

    private Cli() {
    }

    /** One PyTorch thread (see TorchThreads) and never a download. */
    static void singleThreadedTorchUnlessSet() {
        io.logwarden.model.TorchThreads.defaultToOne();
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
