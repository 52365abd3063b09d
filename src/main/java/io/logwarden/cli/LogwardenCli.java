package io.logwarden.cli;

import io.logwarden.parse.ParseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** The offline sub-commands of logwarden.jar; anything else starts the service. */
@Command(name = "logwarden", mixinStandardHelpOptions = true,
        description = "Logwarden offline tools; run without a command to start the service.",
        subcommands = {WatchCommand.class, ParseCommand.class, TrainCommand.class, EvaluateCommand.class, ScoreCommand.class, DemoLogCommand.class})
public class LogwardenCli {

    private static final Set<String> COMMANDS = Set.of("parse", "train", "evaluate", "score", "watch", "demo-log", "help");

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        return new CommandLine(new LogwardenCli())
                .setExecutionExceptionHandler(LogwardenCli::explain)
                .execute(args);
    }

    /**
     * A command that fails on bad input (a missing file, an unreadable model, a window out of range)
     * says so in one line and exits 1; LOGWARDEN_DEBUG=true adds the stack trace.
     */
    private static int explain(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        String why = failure instanceof java.nio.file.NoSuchFileException missing ? "no such file: " + missing.getFile()
                : failure instanceof java.nio.file.AccessDeniedException denied ? "permission denied: " + denied.getFile()
                : failure.getMessage();
        command.getErr().println("logwarden " + command.getCommandName() + ": " + why);
        if ("true".equalsIgnoreCase(System.getenv("LOGWARDEN_DEBUG"))) {
            failure.printStackTrace(command.getErr());
        }
        return 1;
    }
}
