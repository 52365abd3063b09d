package io.logwarden.cli;

import io.logwarden.demo.AuthLogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;

/** {@code demo-log}: a normal auth.log from the demo generator, the training input of models/demo. */
@Command(name = "demo-log", mixinStandardHelpOptions = true, description = "Write normal auth.log activity (no anomalies) for training.")
public class DemoLogCommand implements Callable<Integer> {

    @Option(names = "--lines", defaultValue = "30000", description = "at least this many lines (default ${DEFAULT-VALUE})")
    int lines;
    @Option(names = "--seed", defaultValue = "7")
    long seed;
    @Option(names = "--output", required = true)
    Path output;

    @Override
    public Integer call() throws Exception {
        if (lines < 1) {
            System.err.println("demo-log: --lines must be positive");
            return 2;
        }
        if (output.getParent() != null) Files.createDirectories(output.getParent());
        AuthLogGenerator generator = new AuthLogGenerator(seed, "web-01", LocalDateTime.of(2024, 3, 1, 0, 0));
        int written = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            while (written < lines) {
                for (String line : generator.normalActivity()) {
                    writer.write(line);
                    writer.newLine();
                    written++;
                }
            }
        }
        System.out.printf("wrote %d normal lines to %s%n", written, output);
        return 0;
    }
}
