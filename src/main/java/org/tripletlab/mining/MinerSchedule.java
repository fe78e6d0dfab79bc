package org.tripletlab.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tripletlab.component.ConfigException;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Which miner mines training step s (from 1): a warm-up miner for the first E epochs, then the configured one —
 * FaceNet's remedy for the collapse of hardest-negative mining early in training ("selecting the hardest negatives
 * can in practice lead to bad local minima early on in training, specifically it can result in a collapsed model";
 * Schroff et al. 2015, §3.2).
 *
 * <p>With S the steps of an epoch ({@code train.steps_per_epoch}, or one pass over the usable training images) and
 * E = {@code miner.warmup.epochs}:
 * <pre>  miner(s) = warm-up miner ({@code miner.warmup.strategy})   for 1 ≤ s ≤ E·S
 *  miner(s) = main miner ({@code miner.strategy})              for s &gt; E·S</pre>
 * The switch is at an epoch boundary, so the validation of epoch E is the last one of the warm-up and the curve
 * shows where the main miner took over; epochs, not steps, because "the first epochs" is how FaceNet and a
 * researcher state a warm-up, and E·S keeps meaning the same share of the data when P × K changes. Both miners are
 * built from the same config: the warm-up miner reads the same {@code miner.*} keys the main one would if it were
 * selected (e.g. semi-hard's {@code miner.margin}, {@code miner.pick}, {@code miner.fallback}), so a semi-hard
 * warm-up before hardest mining is configured exactly as a semi-hard run.
 *
 * <p>The training loop says which step is being taken ({@link #beginStep}) before the step's loss mines; the
 * schedule never counts calls, so a run resumed from any step mines every later step with the same miner as an
 * uninterrupted run. Without a warm-up ({@code miner.warmup.strategy: none}, the default) {@link #miner()} is the
 * configured miner itself and nothing changes.
 */
public final class MinerSchedule {
    /** Written in config.yaml only when set (added after runs were recorded: no run id changes). */
    public static final String NONE = "none";
    public static final String STRATEGY_KEY = "miner.warmup.strategy";
    public static final String EPOCHS_KEY = "miner.warmup.epochs";

    private final TripletMiner warmup;
    private final int lastWarmupStep;
    private final TripletMiner main;
    private final TripletMiner scheduled;
    /** The step being taken, as the training loop last said ({@link #beginStep}); 0 before the first. */
    private int step;

    /**
     * @param warmup the miner of steps 1..{@code lastWarmupStep}; null for no warm-up
     * @param lastWarmupStep the last step the warm-up miner mines (0 without a warm-up)
     * @param main the miner of every later step
     */
    public MinerSchedule(TripletMiner warmup, int lastWarmupStep, TripletMiner main) {
        this.main = Objects.requireNonNull(main, "main");
        if (warmup == null ? lastWarmupStep != 0 : lastWarmupStep < 1) {
            throw new IllegalArgumentException("a warm-up mines at least one step, no warm-up none: " + lastWarmupStep);
        }
        this.warmup = warmup;
        this.lastWarmupStep = lastWarmupStep;
        this.scheduled = warmup == null ? main : new Scheduled();
    }

    /** {@code miner.warmup.strategy}: the warm-up miner, or none. */
    public static Setting strategySetting() {
        List<String> choices = new ArrayList<>();
        choices.add(NONE);
        choices.addAll(Miners.STRATEGIES);
        return new Setting(STRATEGY_KEY, Setting.Type.CHOICE, NONE, false, null, null, choices,
                "miner of the first miner.warmup.epochs epochs, before miner.strategy takes over (FaceNet's remedy for the "
                        + "collapse of hardest mining early on: e.g. semi-hard, then hardest); it reads the same miner.* keys; "
                        + "none = miner.strategy from the first step");
    }

    /** {@code miner.warmup.epochs}: how many epochs the warm-up miner mines. */
    public static Setting epochsSetting() {
        return new Setting(EPOCHS_KEY, Setting.Type.INT, 0, false, 0.0, 100000.0, List.of(),
                "epochs mined by miner.warmup.strategy (steps 1 to epochs × steps per epoch); at least 1 with a warm-up "
                        + "strategy, 0 without one, and fewer than the training's epochs");
    }

    /**
     * The rules across the warm-up keys, {@code miner.strategy} and the training length when it is given in
     * epochs (a length in steps is checked by {@link #checkLength} once the steps of an epoch are known).
     *
     * @throws ConfigException naming the key and the fix
     */
    public static void check(ConfigView c) {
        String warm = c.getString(STRATEGY_KEY);
        int epochs = c.getInt(EPOCHS_KEY);
        if (NONE.equals(warm)) {
            if (epochs != 0) {
                throw c.error(EPOCHS_KEY, "is " + epochs + " but miner.warmup.strategy is none; set miner.warmup.strategy "
                        + "(e.g. semi-hard) to mine the first epochs with another miner, or remove miner.warmup.epochs");
            }
            return;
        }
        String main = c.getString(Miners.REGISTRY.selector());
        if (warm.equals(main)) {
            throw c.error(STRATEGY_KEY, "is " + warm + ", the same as miner.strategy: that is no warm-up (and a second run id "
                    + "for the same training); set miner.warmup.strategy to another miner, or to none");
        }
        if (epochs < 1) {
            throw c.error(EPOCHS_KEY, "must be at least 1 when miner.warmup.strategy is " + warm
                    + " (the epochs it mines before " + main + " takes over); or set miner.warmup.strategy: none");
        }
        Integer trainEpochs = c.getIntOrNull("train.epochs");
        if (trainEpochs != null && epochs >= trainEpochs) {
            throw c.error(EPOCHS_KEY, "is " + epochs + " but the training has " + trainEpochs + " epochs (train.epochs), so "
                    + main + " would never mine; lower miner.warmup.epochs below train.epochs");
        }
        // The warm-up miner's own rules, as if it were selected.
        Miners.REGISTRY.get(warm).check().accept(c);
    }

    /**
     * Refuses a warm-up that does not end before the training does ({@code train.steps} given in steps).
     *
     * @throws ConfigException naming {@code miner.warmup.epochs}
     */
    public static void checkLength(ConfigView c, int stepsPerEpoch, int totalSteps) {
        int last = lastWarmupStep(c, stepsPerEpoch);
        if (last > 0 && last >= totalSteps) {
            throw c.error(EPOCHS_KEY, String.format(Locale.ROOT, "is %d: %d epochs × %d steps = %d warm-up steps, but the training "
                            + "has %d steps, so %s would never mine; lower miner.warmup.epochs or train longer",
                    c.getInt(EPOCHS_KEY), c.getInt(EPOCHS_KEY), stepsPerEpoch, last, totalSteps, c.getString(Miners.REGISTRY.selector())));
        }
    }

    /** The schedule a checked config gives when an epoch is {@code stepsPerEpoch} steps. */
    public static MinerSchedule of(ConfigView c, int stepsPerEpoch) {
        TripletMiner main = Miners.create(c);
        String warm = c.getString(STRATEGY_KEY);
        if (NONE.equals(warm)) {
            return new MinerSchedule(null, 0, main);
        }
        return new MinerSchedule(Miners.REGISTRY.get(warm).create(c), lastWarmupStep(c, stepsPerEpoch), main);
    }

    private static int lastWarmupStep(ConfigView c, int stepsPerEpoch) {
        return NONE.equals(c.getString(STRATEGY_KEY)) ? 0 : Math.multiplyExact(c.getInt(EPOCHS_KEY), stepsPerEpoch);
    }

    /** The miner the loss holds: mines each step with {@link #at} the step last passed to {@link #beginStep}. */
    public TripletMiner miner() {
        return scheduled;
    }

    /** Says which step (from 1) the next mining belongs to. */
    public void beginStep(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("steps count from 1: " + step);
        }
        this.step = step;
    }

    /** The miner of step {@code step} (from 1). */
    public TripletMiner at(int step) {
        return warmup != null && step <= lastWarmupStep ? warmup : main;
    }

    /** Whether {@code step} is the first step of the main miner after a warm-up. */
    public boolean switchesAt(int step) {
        return warmup != null && step == lastWarmupStep + 1;
    }

    /** The last step of the warm-up; 0 without one. */
    public int lastWarmupStep() {
        return lastWarmupStep;
    }

    /** The main miner ({@code miner.strategy}). */
    public TripletMiner main() {
        return main;
    }

    /** The warm-up miner, or null. */
    public TripletMiner warmup() {
        return warmup;
    }

    /** "semi-hard for steps 1–40 (2 epochs), then hardest", or the main miner's name. */
    public String describe(int stepsPerEpoch) {
        if (warmup == null) {
            return main.name();
        }
        int epochs = lastWarmupStep / stepsPerEpoch;
        return String.format(Locale.ROOT, "%s for steps 1–%d (%d epoch%s), then %s", warmup.name(), lastWarmupStep, epochs,
                epochs == 1 ? "" : "s", main.name());
    }

    /** Mines with the miner of the step being taken. */
    private final class Scheduled implements TripletMiner {
        @Override
        public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
            if (step < 1) {
                throw new IllegalStateException("the training loop must say which step is taken (beginStep) before mining");
            }
            return at(step).mine(d, labels, rng);
        }

        @Override
        public String name() {
            return warmup.name() + "→" + main.name();
        }
    }
}
