package org.tripletlab.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall-clock seconds of named phases of one piece of work (e.g. an evaluation: protocol, images, embed,
 * each metric), kept in the order each phase was first timed; timing a phase again adds to it. For
 * printing where the time went, never for a result: the clock is not reproducible. Thread-safe.
 */
public final class PhaseTimes {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    /** Runs {@code work}, adds its wall-clock time to {@code phase}, returns its value. */
    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - t0);
        }
    }

    /** Runs {@code work} and adds its wall-clock time to {@code phase}. */
    public void run(String phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    public synchronized void add(String phase, long elapsedNanos) {
        nanos.merge(phase, elapsedNanos, Long::sum);
    }

    /** Seconds spent in {@code phase} (0 when never timed). */
    public synchronized double seconds(String phase) {
        return nanos.getOrDefault(phase, 0L) / 1e9;
    }

    /** The phases in order, each with its seconds. */
    public synchronized Map<String, Double> seconds() {
        Map<String, Double> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v / 1e9));
        return m;
    }

    /** One line a phase, {@code <indent><phase padded> <seconds, 3 decimals> s}, in order. */
    public synchronized List<String> lines(String indent) {
        int width = nanos.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>();
        nanos.forEach((k, v) -> out.add(String.format(Locale.ROOT, "%s%-" + Math.max(1, width) + "s %8.3f s", indent, k, v / 1e9)));
        return out;
    }
}
