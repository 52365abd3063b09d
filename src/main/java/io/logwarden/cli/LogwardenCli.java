package io.logwarden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offline sub-commands of logwarden.jar, and its {@code --help} and {@code --version}; anything
 * else (no argument, or Spring Boot's {@code --name=value} settings) starts the service. Which
 * arguments belong here is read from this class's picocli model, so a new sub-command needs only
 * its entry in {@code subcommands}.
 */
@Command(name = "logwarden", mixinStandardHelpOptions = true, versionProvider = LogwardenCli.Version.class,
        description = "Logwarden offline tools; run without a command to start the service.",
        footer = {"", "Without a command, java -jar logwarden.jar starts the service (dashboard and REST on :8000,"
                + " WebSocket on :8001); settings are given as --name=value, e.g. --logwarden.data-dir=/var/lib/logwarden."},
        subcommands = {WatchCommand.class, ParseCommand.class, TrainCommand.class, EvaluateCommand.class, ScoreCommand.class, DemoLogCommand.class,
                CommandLine.HelpCommand.class})
public class LogwardenCli {

    /** True when the first argument names a sub-command or one of this command's own options (--help, --version). */
    public static boolean handles(String[] args) {
        return args.length > 0 && names().contains(args[0]);
    }

    /** Sub-command names and aliases, and the top-level option names, from the picocli model. */
    static Set<String> names() {
        CommandSpec spec = new CommandLine(new LogwardenCli()).getCommandSpec();
        Set<String> names = new TreeSet<>(spec.subcommands().keySet());
        spec.options().forEach(option -> names.addAll(Arrays.asList(option.names())));
        return names;
    }

    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** Runs with the given output and error writers (the tests read them). */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new LogwardenCli()).setExecutionExceptionHandler(LogwardenCli::explain);
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

    /** The version in the jar's manifest (Implementation-Version), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LogwardenCli.class.getPackage().getImplementationVersion();
            return new String[] {"logwarden " + (version == null ? "development" : version)};
        }
    }
}
