package io.logwarden.cli;

import io.logwarden.training.DetectorTraining;
import picocli.CommandLine.Option;

/** The DeepLog network and training options that train and evaluate share. */
class NetworkOptions {

    @Option(names = "--window", defaultValue = "10", description = "history length h (default ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--epochs", defaultValue = "" + DetectorTraining.DEFAULT_MAX_EPOCHS,
            description = "most training epochs; the epoch kept is the one with the lowest loss on held-out training sessions (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--hidden", defaultValue = "64", description = "LSTM hidden units (default ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--layers", defaultValue = "2", description = "LSTM layers (default ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--seed", defaultValue = "42", description = "random seed: same seed, same model (default ${DEFAULT-VALUE})")
    long seed;
}
