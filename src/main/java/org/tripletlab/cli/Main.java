package org.tripletlab.cli;

import java.io.UncheckedIOException;
import org.tripletlab.config.ConfigException;
import org.tripletlab.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tripletlab} command. */
@Command(name = "tripletlab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Learn face embeddings with the triplet loss: train, benchmark, evaluate.",
        subcommands = {TrainCommand.class, EvalCommand.class, BenchCommand.class, SweepCommand.class, ReportCommand.class, PlotCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Never download engines or natives at run time, however the JVM was started: they come from Maven Central jars.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 2 bad config or data, 1 anything else. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException || ex instanceof DataException || ex instanceof UncheckedIOException
                    || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof ai.djl.engine.EngineException) {
                commandLine.getErr().println("error: the PyTorch engine could not start (" + ex.getMessage() + "). "
                        + "tripletlab never downloads at run time: its CPU natives come from the pytorch-native-cpu jar "
                        + "in target/lib; rebuild with 'mvn -B package -DskipTests' and run through bin/tripletlab.");
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
