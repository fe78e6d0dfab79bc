package org.tripletlab.report;

/**
 * A column of the report: what is measured per run, whether higher or lower is better (or neither),
 * and how it is shown (rates as percentages in Markdown and LaTeX; CSV keeps the raw values).
 */
public enum Metric {
    /** Benchmark verification accuracy (10-fold mean; lfw-dev: the test fold). */
    ACCURACY("accuracy", true, 1, true),
    /** Benchmark VAL at FAR = 1e-3 (FaceNet's definition). */
    VAL_AT_FAR("VAL@FAR=1e-3", true, 1, true),
    /** Benchmark ROC AUC. */
    AUC("AUC", true, 1, true),
    /** Benchmark one-shot identification, closed set, rank-1. */
    ONE_SHOT_RANK1("one-shot rank-1", true, 1, true),
    /**
     * Benchmark one-shot identification, open set: DIR at a false-alarm rate of 1 % (per draw, the threshold admitting at
     * most 1 % of the impostors' probes; evaluations written before it existed have none, and the column is then left out).
     */
    OPEN_SET_DIR_AT_FAR1("open-set DIR@FAR=1%", true, 1, true),
    /** Best validation accuracy over the run's epochs (held-out identities of the training source). */
    BEST_VAL_ACCURACY("best val. accuracy", false, 1, true),
    /** Mean share of active triplets (loss > 0) over the steps of the last epoch. */
    FINAL_ACTIVE_SHARE("final active share", false, 0, true),
    /** Training time in minutes (validations included, benchmark evaluation not). */
    MINUTES("training minutes", false, -1, false),
    /** Trainable parameters of the encoder ({@code provenance.json} encoder.parameters; from model.ModelStats). */
    PARAMETERS("parameters", false, 0, false),
    /** Forward FLOPs per image of the encoder, 2 × multiply–adds ({@code provenance.json} encoder.forward_flops_per_image). */
    FLOPS_PER_IMAGE("FLOPs per image", false, 0, false);

    private final String label;
    private final boolean perBenchmark;
    private final int better;
    private final boolean rate;

    Metric(String label, boolean perBenchmark, int better, boolean rate) {
        this.label = label;
        this.perBenchmark = perBenchmark;
        this.better = better;
        this.rate = rate;
    }

    /** Column title, e.g. "lfw accuracy" or "training minutes". */
    public String label(String benchmark) {
        return perBenchmark && benchmark != null ? benchmark + " " + label : label;
    }

    /** Read from eval/<benchmark>.json (the others from the run's own files). */
    public boolean perBenchmark() {
        return perBenchmark;
    }

    /** +1 when higher is better, −1 when lower is better, 0 when neither (no best is marked). */
    public int better() {
        return better;
    }

    /** A share in [0, 1], shown as a percentage. */
    public boolean rate() {
        return rate;
    }

    /**
     * A property of the configuration (the encoder's size and cost), the same for every seed: shown in
     * the architecture table, not as a measured column.
     */
    public boolean modelSize() {
        return this == PARAMETERS || this == FLOPS_PER_IMAGE;
    }

    /** Paired differences are shown for the quality metrics, not for time or the active share. */
    public boolean compared() {
        return better > 0;
    }
}
