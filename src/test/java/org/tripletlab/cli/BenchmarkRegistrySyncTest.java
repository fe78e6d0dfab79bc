package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.benchmark.Benchmark;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.eval.PairBenchmarks;
import picocli.CommandLine;

/**
 * One noun, one place: every benchmark in {@link Benchmarks#REGISTRY} is accepted by
 * {@code eval.benchmarks} and {@code eval.allow_test_overlap}, named in the schema's help, offered by the
 * help and completion of {@code eval --benchmark}, {@code report --benchmark} and
 * {@code plot --benchmark}, and accepted by {@code report --benchmark}'s check; an unknown name is refused.
 */
class BenchmarkRegistrySyncTest {
    private static ExperimentConfig config(String benchmark) {
        return ExperimentConfig.from(Config.parse("", "sync", List.of("train.checkpoints=true",
                "eval.benchmarks=[" + benchmark + "]", "eval.allow_test_overlap=[" + benchmark + "]")));
    }

    @Test
    void configAcceptsEveryRegisteredBenchmarkAndNothingElse() {
        assertEquals(Benchmarks.names(), ExperimentConfig.BENCHMARKS);
        assertEquals(Benchmarks.names(), PairBenchmarks.NAMES);
        for (String b : Benchmarks.names()) {
            assertEquals(List.of(b), config(b).eval().benchmarks());
            assertTrue(Schema.get("eval.benchmarks").help().contains(b), b + " in the schema's help");
        }
        assertThrows(ConfigException.class, () -> config("no-such-benchmark"));
    }

    @Test
    void everyBenchmarkDeclaresItself() {
        for (Benchmark b : Benchmarks.REGISTRY) {
            assertFalse(b.description().isBlank(), b.name());
            assertFalse(b.source().isBlank(), b.name());
            assertTrue(Schema.settings().containsKey("data." + b.source() + ".root"), b.name() + " reads data." + b.source() + ".root");
            assertTrue(Schema.settings().containsKey("data." + b.source() + ".crop"), b.name() + " reads data." + b.source() + ".crop");
            assertTrue(b.testFold() >= -1, b.name());
            assertEquals(b, Benchmarks.find(b.name()));
        }
        assertTrue(Benchmarks.contains(Benchmarks.DEFAULT.name()));
    }

    @Test
    void helpAndCompletionOfferEveryBenchmark() {
        List<String> candidates = new ArrayList<>();
        new Benchmarks.Names().forEach(candidates::add);
        assertEquals(Benchmarks.names(), candidates);
        for (Object command : List.of(new EvalCommand(), new ReportCommand(), new PlotCommand())) {
            CommandLine cl = new CommandLine(command);
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
            List<String> offered = new ArrayList<>();
            cl.getCommandSpec().findOption("--benchmark").completionCandidates().forEach(offered::add);
            assertEquals(Benchmarks.names(), offered, command.getClass().getSimpleName());
            for (String b : Benchmarks.names()) {
                assertTrue(help.contains(b), b + " missing from " + command.getClass().getSimpleName() + " --help:\n" + help);
            }
        }
    }

    @Test
    void reportAndEvalCommandsAcceptEveryBenchmarkName() {
        for (String b : Benchmarks.names()) {
            ReportCommand r = new ReportCommand();
            new CommandLine(r).parseArgs("--benchmark", b, "results");
            assertEquals(b, r.benchmark);
            EvalCommand e = new EvalCommand();
            new CommandLine(e).parseArgs("--benchmark", b, "--baseline", "pixels");
            assertEquals(List.of(b), e.benchmarks);
        }
    }
}
