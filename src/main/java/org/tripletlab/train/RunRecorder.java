package org.tripletlab.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tripletlab.eval.DistanceSummary;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.CsvTable;

/**
 * The tables a run writes, in one place, so the training loop only says what happened:
 * <ul>
 *   <li>{@code steps.csv}: step, epoch, loss, triplets mined, share of active triplets (loss &gt; 0),
 *       mean d(A,P) and d(A,N) over the mined triplets, fallbacks, skipped pairs, learning rate, img/s;</li>
 *   <li>{@code epochs.csv}: validation accuracy (balanced, best threshold), its threshold and AUC on the
 *       held-out identities, the mean validation distances, the epoch's mean training loss and active share;
 *       epoch 0 is the untrained encoder, the floor every later row should beat;</li>
 *   <li>{@code distances.csv}: per validation, for d(A,P) ({@code ap}), d(A,N) ({@code an}) and the raw
 *       embedding norms before normalisation ({@code raw_norm}): count, mean, 5/25/50/75/95th percentiles,
 *       and for distances a histogram over fixed bins on [0, 4];</li>
 *   <li>{@code events.csv}: empty batches, collapse warnings, non-finite steps and the switch from the warm-up miner
 *       to {@code miner.strategy} ({@code miner-switch}, at the first step the main miner mines).</li>
 * </ul>
 * Every table is rewritten atomically when flushed.
 */
public final class RunRecorder {
    private static final int STEPS_FLUSH_EVERY = 50;

    private final CsvTable steps;
    private final CsvTable epochs;
    private final CsvTable distances;
    private final CsvTable events;
    private final Provenance provenance;
    private final PrintStream console;
    private ProgressBar bar;
    private int emptyBatches;
    private boolean validationCollapsed;

    public RunRecorder(RunDirectory run, Provenance provenance, PrintStream console) {
        this.provenance = provenance;
        this.console = console;
        steps = new CsvTable(run.file(RunFiles.STEPS), List.of("step", "epoch", "loss", "triplets", "active_share",
                "mean_d_ap", "mean_d_an", "fallbacks", "skipped", "lr", "img_per_s"));
        epochs = new CsvTable(run.file(RunFiles.EPOCHS), List.of("epoch", "step", "val_accuracy", "val_threshold",
                "val_auc", "val_mean_d_ap", "val_mean_d_an", "train_loss", "train_active_share", "minutes"));
        List<String> header = new ArrayList<>(List.of("epoch", "step", "pairs", "n", "mean", "p5", "p25", "p50", "p75", "p95"));
        for (int b = 0; b < ValidationResult.BINS; b++) {
            header.add(String.format(Locale.ROOT, "bin_%.1f", b * DistanceSummary.RANGE / ValidationResult.BINS));
        }
        distances = new CsvTable(run.file(RunFiles.DISTANCES), header);
        events = new CsvTable(run.file(RunFiles.EVENTS), List.of("step", "epoch", "kind", "message"));
    }

    void startProgress(int totalSteps) {
        bar = new ProgressBar(console, totalSteps);
    }

    void step(int step, int epoch, int epochsTotal, StepRecord r) {
        steps.add(step, epoch, r.loss(), r.triplets(), r.activeShare(), r.meanAp(), r.meanAn(), r.fallbacks(),
                r.skipped(), r.lr(), r.imgPerSec());
        if (r.triplets() == 0) {
            emptyBatches++;
            events.add(step, epoch, "empty-batch", "no valid triplet in this batch: loss 0, no update");
        }
        bar.update(step, epoch, epochsTotal, r.loss(), r.activeShare(), r.imgPerSec());
        if (step % STEPS_FLUSH_EVERY == 0) {
            steps.flush();
            events.flush();
        }
    }

    void warn(int step, int epoch, String message) {
        String line = "WARNING: " + message;
        if (bar != null) {
            bar.message(line);
        } else {
            console.println(line);
        }
        provenance.warn(message);
        events.add(step, epoch, "collapse", message);
    }

    /** A step with a non-finite loss or gradient norm (skipped or stopping the run): console, events.csv. */
    void nonFinite(int step, int epoch, String message) {
        String line = "WARNING: " + message;
        if (bar != null) {
            bar.message(line);
        } else {
            console.println(line);
        }
        events.add(step, epoch, "non-finite", message);
    }

    /** The first step mined by {@code miner.strategy} after the warm-up miner: console, events.csv. */
    void minerSwitch(int step, int epoch, String message) {
        if (bar != null) {
            bar.message(message);
        } else {
            console.println(message);
        }
        events.add(step, epoch, "miner-switch", message);
    }

    public void validation(int epoch, int step, ValidationResult v, double trainLoss, double trainActive, double minutes) {
        epochs.add(epoch, step, v.accuracy(), v.threshold(), v.auc(), v.positives().mean(), v.negatives().mean(),
                trainLoss, trainActive, minutes);
        distanceRow(epoch, step, "ap", v.positives().n(), v.positives().mean(), v.positives().percentiles(), v.positives().counts());
        distanceRow(epoch, step, "an", v.negatives().n(), v.negatives().mean(), v.negatives().percentiles(), v.negatives().counts());
        distanceRow(epoch, step, "raw_norm", v.normCount(), v.normMean(), v.normPercentiles(), null);
        String msg = String.format(Locale.ROOT,
                "epoch %d: validation accuracy %.4f (threshold %.3f), AUC %.4f, mean d(A,P) %.3f, d(A,N) %.3f%s",
                epoch, v.accuracy(), v.threshold(), v.auc(), v.positives().mean(), v.negatives().mean(),
                epoch == 0 ? " (untrained encoder)" : Double.isNaN(trainLoss) ? " (fitted baseline)" : String.format(Locale.ROOT, ", train loss %.4f, active %.0f%%", trainLoss, 100 * trainActive));
        if (bar != null) {
            bar.message(msg);
        } else {
            console.println(msg);
        }
        // Warn when validation enters the collapsed state, not again at every later epoch while it stays there.
        if (v.collapsed() && !validationCollapsed) {
            warn(step, epoch, String.format(Locale.ROOT,
                    "collapse at epoch %d: validation embeddings of different identities are nearly identical (mean d(A,N) = %.5f)",
                    epoch, v.negatives().mean()));
        }
        validationCollapsed = v.collapsed();
        flush();
    }

    private void distanceRow(int epoch, int step, String kind, int n, double mean, double[] pct, long[] counts) {
        Object[] row = new Object[10 + ValidationResult.BINS];
        row[0] = epoch;
        row[1] = step;
        row[2] = kind;
        row[3] = n;
        row[4] = mean;
        for (int i = 0; i < 5; i++) {
            row[5 + i] = pct[i];
        }
        for (int b = 0; counts != null && b < ValidationResult.BINS; b++) {
            row[10 + b] = counts[b];
        }
        distances.add(row);
    }

    /** How far each table and counter had got: what {@link #resume} returns to. */
    record Marks(int stepsRows, int epochsRows, int distancesRows, int eventsRows, int emptyBatches, boolean validationCollapsed) {
    }

    Marks marks() {
        return new Marks(steps.rows(), epochs.rows(), distances.rows(), events.rows(), emptyBatches, validationCollapsed);
    }

    /**
     * Continues the tables the run folder holds from {@code m}: each file cut back to the rows it had then (a killed
     * run may have written more after) and the counters set back.
     */
    void resume(Marks m) {
        steps.resumeFromFile(m.stepsRows());
        epochs.resumeFromFile(m.epochsRows());
        distances.resumeFromFile(m.distancesRows());
        events.resumeFromFile(m.eventsRows());
        emptyBatches = m.emptyBatches();
        validationCollapsed = m.validationCollapsed();
    }

    int emptyBatches() {
        return emptyBatches;
    }

    public void flush() {
        steps.flush();
        epochs.flush();
        distances.flush();
        events.flush();
    }

    /**
     * Writes what the tables hold after {@code failure} ended the run, as far as possible: a table that cannot
     * be written (the disk is full) is added to {@code failure} as suppressed, never thrown in its place — the
     * error must name what failed first (e.g. the checkpoint), not {@code steps.csv}.
     */
    void flushAfterFailure(Throwable failure) {
        for (CsvTable t : List.of(steps, epochs, distances, events)) {
            try {
                t.flush();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** One training step's numbers. */
    record StepRecord(double loss, int triplets, double activeShare, double meanAp, double meanAn, int fallbacks,
            int skipped, double lr, double imgPerSec) {
    }
}
