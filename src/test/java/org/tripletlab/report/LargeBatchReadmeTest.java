package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * results/large-batch/README.md's numbers from its committed files: the largest batches recomputed from the probes'
 * printed estimate parts (and, for the room each probe saw, equal to the largest batch RunLimits itself printed), the
 * real run's estimate and peak RSS, and the batch-composition tables from {@code composition.txt}.
 */
class LargeBatchReadmeTest {
    private static final Path DIR = Path.of("results/large-batch");
    private static final int PROBE_B = 20000;
    private static final double HEAP_MIB = 8192;
    private static final double MACHINE_MIB = 24105;

    /** The estimate of a probe as a function of B (MiB), from its parts at B = 20,000 (train.RunLimits' formulas). */
    private record Probe(double act, double input, double pair, double params, double dataset, double perStep, double resident,
            int printedLargest, double printedRoom) {
        static Probe of(String log) {
            return new Probe(mib(log, "activations") / (2.0 * PROBE_B), mib(log, "input") / PROBE_B,
                    mib(log, "B×B distances") / ((double) PROBE_B * PROBE_B), mib(log, "parameters+optimizer"), mib(log, "dataset"),
                    mib(log, "per-step arrays"), number(log, "the ([\\d,]+) MiB this process holds"),
                    (int) number(log, "at most about ([\\d,]+) images fit"), number(log, "the machine can give it ([\\d,]+) MiB"));
        }

        double heap(int b) {
            double quad = (perStep - input * PROBE_B) / ((double) PROBE_B * PROBE_B);
            return dataset + input * b + quad * b * (double) b;
        }

        double total(int b) {
            return Math.max(300 + dataset, resident) + act * Math.max(2 * b, 128) + input * b + pair * b * (double) b + params
                    + heap(b) - dataset;
        }

        int largest(double room) {
            int best = 0;
            for (int b = 2; b <= PROBE_B; b++) {
                if (total(b) <= room && heap(b) <= HEAP_MIB) {
                    best = b;
                }
            }
            return best;
        }
    }

    private static double mib(String text, String part) {
        return number(text, Pattern.quote(part) + " ([\\d,]+) MiB");
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    private static String readme() throws IOException {
        return Files.readString(DIR.resolve("README.md"));
    }

    /** The cells of the README table row starting with {@code first}. */
    private static List<String> row(String readme, String first) {
        for (String line : readme.split("\n")) {
            if (line.startsWith("| " + first + " |")) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(c.trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row " + first);
    }

    private static String f(double x) {
        return String.format(Locale.ROOT, "%,.0f", x);
    }

    @Test
    void largestBatchesAreTheProbesEstimates() throws IOException {
        String readme = readme();
        String[][] probes = {{"64² grey (v2 as committed)", "probe-64-grey.log"}, {"96² RGB", "probe-96-rgb.log"},
                {"112² RGB", "probe-112-rgb.log"}};
        for (String[] p : probes) {
            Probe probe = Probe.of(Files.readString(DIR.resolve(p[1])));
            // The model of the estimate agrees with RunLimits: for the room the probe saw, RunLimits' own answer.
            assertEquals(probe.printedLargest(), probe.largest(probe.printedRoom()), p[1]);
            List<String> cells = row(readme, p[0]);
            assertEquals(String.format(Locale.ROOT, "%.2f", 2 * probe.act()), cells.get(1), p[0]);
            assertEquals(f(probe.total(600)) + " / " + f(probe.total(1200)) + " / " + f(probe.total(1800)), cells.get(2), p[0]);
            assertEquals(f(probe.printedLargest()) + " (" + f(probe.printedRoom()) + " MiB)", cells.get(3), p[0]);
            assertEquals(f(probe.largest(MACHINE_MIB)), cells.get(4), p[0]);
        }
    }

    @Test
    void theRealRunsEstimateAndPeak() throws IOException {
        String log = Files.readString(DIR.resolve("run-64-grey-150x8.log"));
        double estimate = number(log, "estimated peak ([\\d,]+) MiB");
        double peakKb = number(log, "Maximum resident set size \\(kbytes\\): (\\d+)");
        assertTrue(log.contains("batch 1200 = P 150 × K 8") && log.contains("Exit status: 0"), log);
        String expected = String.format(Locale.ROOT, "estimate %s MiB (activations %s MiB", f(estimate), f(mib(log, "activations")));
        String readme = readme();
        assertTrue(readme.contains(expected), expected);
        String peak = String.format(Locale.ROOT, "%,.0f kB = %s MiB**, estimate / measured %.2f", peakKb, f(peakKb / 1024),
                estimate / (peakKb / 1024));
        assertTrue(readme.contains(peak), peak);
    }

    @Test
    void compositionTablesAreTheToolsOutput() throws IOException {
        String readme = readme();
        List<String> lines = Files.readAllLines(DIR.resolve("composition.txt"));
        int checked = 0;
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 4 && t[0].matches("\\d+")) {
                if (readme.contains("\n| " + t[0] + " |")) {
                    List<String> cells = row(readme, t[0]);
                    assertEquals(List.of(t[1], t[2], t[3]), cells.subList(1, 4), line);
                    checked++;
                }
            } else if (t.length == 4 && t[0].matches("\\d+x\\d+")) {
                String[] pk = t[0].split("x");
                String first = pk[0] + " × " + pk[1];
                for (String l : readme.split("\n")) {
                    if (l.startsWith("| " + first + " ") || l.startsWith("| " + first + " |")) {
                        String[] c = l.substring(1, l.length() - 1).split("\\|");
                        assertEquals(List.of(t[1], t[2], t[3]), List.of(c[1].trim(), c[2].trim(), c[3].trim()), line);
                        checked++;
                    }
                }
            }
        }
        assertEquals(12, checked, "5 K rows and 7 P × K rows");
    }
}
