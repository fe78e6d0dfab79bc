package org.tripletlab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.tripletlab.component.ConfigException;
import org.tripletlab.data.DataException;
import org.tripletlab.util.BadFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * Entry point of the {@code tripletlab} command.
 *
 * <p>Failures end in a short message on stderr, {@code error: <file, key or option>: <what is wrong>; <what to do>},
 * and a non-zero exit code: 2 for bad input (command line, config, data, files), 1 for an internal error
 * (the exception's class and message, and a hint to rerun with {@code --debug}). {@code --debug}, accepted by
 * every subcommand, adds the stack trace.
 */
@Command(name = "tripletlab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Learn face embeddings with the triplet loss: train, benchmark, evaluate.",
        subcommands = {TrainCommand.class, EvalCommand.class, BenchCommand.class, SweepCommand.class, ReportCommand.class, PlotCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of bad input: a config, data, file or command line that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** Exit code of an internal error (a bug, or a failure tripletlab has no message for). */
    public static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Read from the parse result (any level may carry it), so the field only documents the option.
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "on an error, also print its stack trace")
    boolean debug;

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

    /** Runs the CLI and returns its exit code: 0 success, 2 bad input (config, data, files, options), 1 anything else. */
    public static int execute(String... args) {
        return execute(commandLine(), args);
    }

    /** The command line with its handlers, before it runs; tests add a subcommand to it. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        HelpLayout.install(cl, HelpLayout.terminalWidth());
        cl.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("error: " + ex.getMessage() + "; see '" + c.getCommandSpec().qualifiedName() + " --help' for the options");
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            String key = configKeyAsOption(ex);
            if (key != null) {
                err.println("config keys are not options: set them with --set, e.g. --set " + key + "=VALUE");
            }
            if (matched(c.getParseResult(), "--debug") || java.util.Arrays.asList(argv).contains("--debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = unwrap(ex);
            int code = report(cause, err);
            if (matched(parseResult, "--debug")) {
                cause.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cl;
    }

    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; a JVM error (out of memory, stack overflow) gets the same one line.
            PrintWriter err = cl.getErr();
            int code = report(e, err);
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /** Prints the one-line message of a failure and returns its exit code. */
    private static int report(Throwable ex, PrintWriter err) {
        if (ex instanceof ConfigException || ex instanceof DataException || ex instanceof BadFileException
                || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException) {
            err.println("error: " + ex.getMessage());
            // What failed while cleaning up after it (e.g. a log that a full disk could not take either).
            for (Throwable s : ex.getSuppressed()) {
                err.println("  also: " + s.getMessage());
            }
            return BAD_INPUT;
        }
        if (ex instanceof ai.djl.engine.EngineException) {
            err.println("error: the PyTorch engine could not start (" + ex.getMessage() + "). "
                    + "tripletlab never downloads at run time: its CPU natives come from the pytorch-native-cpu jar "
                    + "in target/lib; rebuild with 'mvn -B package -DskipTests' and run through bin/tripletlab.");
            return BAD_INPUT;
        }
        err.println("error: internal error: " + ex.getClass().getName() + ": " + ex.getMessage()
                + "; rerun with --debug for the stack trace, and report it with the command that failed");
        return INTERNAL_ERROR;
    }

    /** The config key an unknown option such as {@code --epochs} or {@code --train.epochs} stands for, or null. */
    private static String configKeyAsOption(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return null;
        }
        for (String arg : u.getUnmatched()) {
            if (!arg.startsWith("--")) {
                continue;
            }
            String name = arg.substring(2).split("=", 2)[0].replace('-', '_');
            String best = null;
            for (String k : org.tripletlab.config.Schema.settings().keySet()) {
                // Several keys may end alike (train.epochs, miner.warmup.epochs): the shallowest is what --epochs means.
                if ((k.equals(name) || k.endsWith("." + name)) && (best == null || depth(k) < depth(best))) {
                    best = k;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    private static long depth(String key) {
        return key.chars().filter(ch -> ch == '.').count();
    }

    /** The exception a wrapper (a worker thread's, reflection's) carries, which says what went wrong. */
    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether the option was given at any level of the command line (it is inherited by every subcommand). */
    private static boolean matched(CommandLine.ParseResult pr, String option) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }
}
