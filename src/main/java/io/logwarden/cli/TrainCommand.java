package io.logwarden.cli;

import io.logwarden.training.ModelTraining;
import io.logwarden.training.ParserAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: learns templates and the DeepLog LSTM from a normal log and writes a model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model directory from a log of normal behaviour.")
public class TrainCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;
    @Mixin
    OperatingPointOptions operatingPoint;

    @Option(names = "--input", required = true, description = "log file of normal behaviour")
    Path input;
    @Option(names = "--format", description = "log line format (header fields before <Content>); default: whole line")
    String format;
    @Option(names = "--top-g", defaultValue = "0", description = "g: the actual key must be among the g most likely; 0 (default): chosen by the operating-point rule on a validation slice")
    int topG;
    @Option(names = "--session-key", description = "regex whose first group (or group 'key') names a line's session: train on sessions, learn where they end, mine count invariants")
    String sessionKey;
    @Option(names = "--output", required = true, description = "model directory to write, e.g. models/demo")
    Path output;

    @Override
    public Integer call() throws Exception {
        Cli.singleThreadedTorchUnlessSet();
        // checked before the model directory is created, so a typo leaves nothing behind
        ModelTraining.Request request = new ModelTraining.Request(input, format, network.window, topG, network.epochs,
                network.hidden, network.layers, network.seed, output);
        if (!java.nio.file.Files.isRegularFile(input) || !java.nio.file.Files.isReadable(input)) {
            throw new java.io.IOException("input log " + input + " is not a readable file");
        }
        if (sessionKey != null) java.util.regex.Pattern.compile(sessionKey);
        System.out.println("operating-point rule: " + operatingPoint.describe());
        ModelTraining.Outcome outcome = ModelTraining.train(request,
                new ParserAdapter(format, output), new ModelTraining.Listener() {
                    @Override
                    public void parsed(long lines, int templates) {
                        System.out.printf("parsed %d lines into %d templates%n", lines, templates);
                    }

                    @Override
                    public void epoch(int epoch, int epochs, double loss, double secondsLeft) {
                        System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  eta %.0f s%n", epoch, epochs, loss, secondsLeft);
                    }

                    @Override
                    public void epochsChosen(String explanation) {
                        System.out.println(explanation);
                    }

                    @Override
                    public void chose(io.logwarden.training.OperatingPoint.Choice choice) {
                        System.out.println("chose " + choice.explanation());
                        choice.warnings().forEach(w -> System.out.println("WARNING: " + w));
                    }
                }, sessionKey, operatingPoint.rule(), operatingPoint.validationShare);
        System.out.printf(Locale.ROOT, "saved %s: %d windows, final loss %.4f, validation top-%d accuracy %.4f, %.1f s%n",
                outcome.directory(), outcome.metadata().windows(), outcome.metadata().finalLoss(), outcome.topG(),
                outcome.metadata().validationTopGAccuracy(), outcome.metadata().trainingSeconds());
        return 0;
    }
}
