package org.tripletlab.benchmark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every verification benchmark, in one explicit list: the config check of {@code eval.benchmarks} and
 * {@code eval.allow_test_overlap}, the schema's help, the {@code eval}, {@code report} and {@code plot}
 * commands' {@code --benchmark} checks, help and completion, the evaluator and the test-identity check
 * all read it. Adding a benchmark is one class plus one line in {@link #REGISTRY}.
 *
 * <p>Not a {@link org.tripletlab.component.Registry}: that one chooses one component by a selector key and
 * builds it from config keys, while benchmarks are chosen as a list ({@code eval.benchmarks}) and have
 * no config keys of their own (they read their source's {@code data.<source>.root} and {@code .crop}).
 * The order is the order of help texts and completion.
 */
public final class Benchmarks {
    /** LFW View 2: the benchmark the report, the figures and the published curves use by default. */
    public static final Benchmark DEFAULT = LfwBenchmark.VIEW2;

    /** Every benchmark, in display order. */
    public static final List<Benchmark> REGISTRY = List.of(
            LfwBenchmark.VIEW2,
            LfwBenchmark.DEV,
            CfpBenchmark.FF,
            CfpBenchmark.FP,
            OlivettiBenchmark.INSTANCE);

    private static final Map<String, Benchmark> BY_NAME = byName();

    private Benchmarks() {
    }

    private static Map<String, Benchmark> byName() {
        Map<String, Benchmark> m = new LinkedHashMap<>();
        for (Benchmark b : REGISTRY) {
            if (m.put(b.name(), b) != null) {
                throw new IllegalStateException("two benchmarks named " + b.name());
            }
        }
        return m;
    }

    /** Benchmark names in display order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static boolean contains(String name) {
        return name != null && BY_NAME.containsKey(name);
    }

    /** The benchmark called {@code name}, or null for an unknown name (callers word their own errors). */
    public static Benchmark find(String name) {
        return name == null ? null : BY_NAME.get(name);
    }

    /** The default benchmark's published-curve folder under {@code dataRoot}, or null without a data root. */
    public static Path publishedRoc(Path dataRoot) {
        return dataRoot == null ? null : dataRoot.resolve(DEFAULT.publishedRoc());
    }

    /** The registered names for picocli's help ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
