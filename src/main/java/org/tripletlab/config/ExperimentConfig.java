package org.tripletlab.config;

import java.util.List;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.data.source.DataSettings;
import org.tripletlab.loss.Losses;
import org.tripletlab.mining.MinerSchedule;
import org.tripletlab.mining.Miners;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.Precision;

/**
 * Typed view of a resolved {@link Config}, grouped the way the framework is: data, sampler,
 * encoder, loss, miner, optimizer, training length and evaluation. Cross-key rules that a single
 * key's range cannot express are checked here, before anything runs; the data section's are the data
 * sources' own ({@link DataSettings#from}).
 */
public record ExperimentConfig(String name, long seed, DataSettings data, Sampler sampler, Encoder encoder, Loss loss,
        Miner miner, Optimizer optimizer, Train train, Eval eval, Config raw) {

    /** PK batches: P identities × K images. */
    public record Sampler(int identities, int images, boolean replaceSmall) {
        public int batchSize() {
            return identities * images;
        }
    }

    public record Encoder(String architecture, int embedding, int width) {
    }

    public record Loss(double margin, String reduction) {
    }

    /** {@code margin} is already resolved (miner.margin or, when null, loss.margin). */
    public record Miner(String strategy, double margin, String pick, String fallback) {
    }

    public record Optimizer(String name, double lr, double weightDecay, double momentum, String schedule,
            int warmupSteps, int stepSize, double stepFactor, double finalLrFraction) {
    }

    /** Exactly one of {@code epochs} / {@code steps} is non-null after resolution. */
    /**
     * {@code nonFinite}: {@code stop} or {@code skip} (what a step with a NaN or infinite loss or gradient norm does);
     * {@code checkpointEvery}: steps between resume states besides the one at each epoch end (0 = per epoch only).
     */
    public record Train(Integer epochs, Integer steps, Integer stepsPerEpoch, int threads, int collapsePatience,
            boolean checkpoints, String nonFinite, int checkpointEvery, Precision precision) {
    }

    /** Names of the pair benchmarks {@code eval.benchmarks} may list: those of {@link Benchmarks#REGISTRY}. */
    public static final List<String> BENCHMARKS = Benchmarks.names();

    /**
     * @param allowTestOverlap benchmarks whose test identities may meet the training and validation
     *     identities (their numbers are then recorded as not test numbers); empty = none may
     */
    public record Eval(int everyEpochs, int batch, List<String> benchmarks, boolean flip, List<String> allowTestOverlap,
            Precision precision) {
    }

    /** The {@code baseline.*} keys and {@code loss.kind} (checked when the config is read). */
    public BaselineSettings baseline() {
        return BaselineSettings.of(raw);
    }

    public static ExperimentConfig from(Config c) {
        BaselineSettings baseline = BaselineSettings.of(c);
        DataSettings.checkPixels(c);
        Integer epochs = c.getIntOrNull("train.epochs");
        Integer steps = c.getIntOrNull("train.steps");
        if (epochs != null && steps != null) {
            throw c.error("train.steps", "set either train.epochs or train.steps, not both (epochs=" + epochs + ", steps=" + steps + ")");
        }
        if (epochs == null && steps == null) {
            epochs = 10;
        }
        Double minerMargin = c.getDoubleOrNull("miner.margin");
        // The selected miner's own cross-key rules (declared by the miner class, see Miners.REGISTRY).
        Miners.REGISTRY.check(c);
        // The miner warm-up's rules (a strategy and its epochs, another miner than miner.strategy), and that something mines.
        MinerSchedule.check(c);
        if (!MinerSchedule.NONE.equals(c.getString(MinerSchedule.STRATEGY_KEY))
                && (baseline.fitted() || !Losses.kind(baseline.lossKind()).usesMiner())) {
            throw c.error(MinerSchedule.STRATEGY_KEY, "is " + c.getString(MinerSchedule.STRATEGY_KEY) + " but "
                    + (baseline.fitted() ? "baseline.kind " + baseline.kind() + " is fitted" : "loss.kind " + baseline.lossKind() + " uses no miner")
                    + ", so nothing would be mined; remove miner.warmup.strategy and miner.warmup.epochs");
        }
        // The selected encoder's own cross-key rules (e.g. inception-small's width), see Encoders.REGISTRY.
        Encoders.REGISTRY.check(c);
        @SuppressWarnings("unchecked")
        List<String> benchmarks = (List<String>) c.get("eval.benchmarks");
        for (String b : benchmarks) {
            if (!BENCHMARKS.contains(b)) {
                throw c.error("eval.benchmarks", "'" + b + "' is not a benchmark; expected some of " + String.join(", ", BENCHMARKS));
            }
        }
        @SuppressWarnings("unchecked")
        List<String> allowOverlap = (List<String>) c.get("eval.allow_test_overlap");
        for (String b : allowOverlap) {
            // Not required to be in eval.benchmarks: a sweep may evaluate fewer benchmarks than its base config allows.
            if (!BENCHMARKS.contains(b)) {
                throw c.error("eval.allow_test_overlap", "'" + b + "' is not a benchmark; expected some of " + String.join(", ", BENCHMARKS));
            }
        }
        if (!benchmarks.isEmpty() && !c.getBoolean("train.checkpoints")) {
            throw c.error("eval.benchmarks", "evaluating benchmarks needs the best checkpoint; set train.checkpoints: true");
        }
        return new ExperimentConfig(
                c.getString("name"),
                c.getLong("seed"),
                DataSettings.from(c),
                new Sampler(c.getInt("sampler.identities"), c.getInt("sampler.images"),
                        c.getString("sampler.small_identities").equals("replace")),
                new Encoder(c.getString("encoder.architecture"), c.getInt("encoder.embedding"), c.getInt("encoder.width")),
                new Loss(c.getDouble("loss.margin"), c.getString("loss.reduction")),
                new Miner(c.getString("miner.strategy"), minerMargin != null ? minerMargin : c.getDouble("loss.margin"),
                        c.getString("miner.pick"), c.getString("miner.fallback")),
                new Optimizer(c.getString("optimizer.name"), c.getDouble("optimizer.lr"), c.getDouble("optimizer.weight_decay"),
                        c.getDouble("optimizer.momentum"), c.getString("optimizer.schedule"), c.getInt("optimizer.warmup_steps"),
                        c.getInt("optimizer.step_size"), c.getDouble("optimizer.step_factor"),
                        c.getDouble("optimizer.final_lr_fraction")),
                new Train(epochs, steps, c.getIntOrNull("train.steps_per_epoch"), c.getInt("train.threads"),
                        c.getInt("train.collapse_patience"), c.getBoolean("train.checkpoints"), c.getString("train.nonfinite"),
                        c.getInt("train.checkpoint_every"), Precision.parse(c.getString("train.precision"))),
                new Eval(c.getInt("eval.every_epochs"), c.getInt("eval.batch"), benchmarks, c.getBoolean("eval.flip"),
                        List.copyOf(allowOverlap), Precision.parse(c.getString("eval.precision"))),
                c);
    }
}
