package org.tripletlab.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display: steps, epoch, loss, share of active triplets, img/s and ETA.
 * Redrawn in place on a terminal; on a pipe or file (CI, notebooks) it prints a plain line at most
 * every few seconds instead, so logs stay readable.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    /** The step before the first one this process took: a resumed run starts far from 0. */
    private int stepsBefore = -1;

    public ProgressBar(PrintStream out, int totalSteps) {
        this.out = out;
        this.total = totalSteps;
        this.terminal = System.console() != null;
    }

    public void update(int step, int epoch, int epochs, double loss, double activeShare, double imgPerSec) {
        long now = System.nanoTime();
        if (stepsBefore < 0) {
            stepsBefore = step - 1;
        }
        boolean last = step == total;
        if (!last && now - lastPrint < (terminal ? 200_000_000L : 5_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - start) / 1e9;
        double eta = eta(elapsed, stepsTaken(step), total - step);
        int width = 24;
        int filled = (int) Math.round((double) step / total * width);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String line = String.format(Locale.ROOT, "[%s] step %d/%d  epoch %d/%d  loss %.4f  active %3.0f%%  %.0f img/s  ETA %s",
                bar, step, total, epoch, epochs, loss, 100 * activeShare, imgPerSec, clock(eta));
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a message on its own line without garbling the bar. */
    public void message(String s) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(s);
        out.flush();
    }

    /** Steps this process has taken up to and including {@code step}. */
    int stepsTaken(int step) {
        return step - stepsBefore;
    }

    /**
     * Seconds left at the pace of the steps this process took ({@code done} of them in {@code elapsed}
     * seconds): a resumed run's earlier steps took no time here, so counting them would shrink the ETA to ~0.
     */
    static double eta(double elapsed, int done, int left) {
        return done > 0 ? elapsed / done * left : 0;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
