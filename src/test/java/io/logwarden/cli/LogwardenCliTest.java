package io.logwarden.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which arguments run an offline command (or the help) and which start the service. */
class LogwardenCliTest {

    @Test
    void helpListsEveryCommandInsteadOfStartingTheService() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            assertThat(LogwardenCli.handles(new String[] {help})).as(help).isTrue();
            StringWriter out = new StringWriter();
            int exit = LogwardenCli.run(new String[] {help}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            assertThat(exit).as(help + " exit code").isZero();
            assertThat(out.toString()).as(help).contains("Usage: logwarden", "run without a command to start the service");
            assertThat(commandList(out.toString())).as(help).containsExactlyElementsOf(expectedCommandList());
        }
    }

    /**
     * One line per registered sub-command, in registration order: its name and, as picocli lists it, the first line
     * of its header or else of its description.
     */
    static List<String> expectedCommandList() {
        List<String> lines = new ArrayList<>();
        new CommandLine(new LogwardenCli()).getSubcommands().forEach((name, command) -> {
            CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(summary).as(name + " has a description").isNotEmpty();
            lines.add(name + " " + summary[0]);
        });
        return lines;
    }

    /** The lines under "Commands:" with their column padding collapsed; a wrapped description adds a line. */
    static List<String> commandList(String help) {
        String section = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length());
        return section.lines().takeWhile(line -> !line.isBlank()).map(line -> line.strip().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void everySubcommandIsHandledWithoutAHandKeptList() {
        CommandLine cli = new CommandLine(new LogwardenCli());
        assertThat(cli.getSubcommands()).isNotEmpty();
        for (String name : cli.getSubcommands().keySet()) {
            assertThat(LogwardenCli.handles(new String[] {name, "--help"})).as(name).isTrue();
        }
        assertThat(LogwardenCli.names()).containsAll(cli.getSubcommands().keySet()).contains("--version", "-V");
    }

    @Test
    void helpOfOneCommandShowsItsOptions() {
        StringWriter out = new StringWriter();
        int exit = LogwardenCli.run(new String[] {"help", "train"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: logwarden train", "--input");
    }

    @Test
    void versionPrintsOneLine() {
        StringWriter out = new StringWriter();
        assertThat(LogwardenCli.run(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))).isZero();
        assertThat(out.toString()).startsWith("logwarden ");
    }

    @Test
    void noArgumentsAndSpringSettingsStartTheService() {
        assertThat(LogwardenCli.handles(new String[] {})).isFalse();
        assertThat(LogwardenCli.handles(new String[] {"--server.port=9000"})).isFalse();
        assertThat(LogwardenCli.handles(new String[] {"--spring.profiles.active=postgres", "--help"})).isFalse();
        assertThat(LogwardenCli.handles(new String[] {"serve"})).isFalse();
    }

    @Test
    void anUnknownOptionOfACommandIsAUsageErrorNotAStart() {
        StringWriter err = new StringWriter();
        int exit = LogwardenCli.run(new String[] {"train", "--no-such-option"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: logwarden train");
    }
}
