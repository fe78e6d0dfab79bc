package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.loss.Loss;
import org.tripletlab.mining.MinerSchedule;
import org.tripletlab.model.ClassifierBlock;
import org.tripletlab.model.encoder.DlibResNetEncoder;
import org.tripletlab.model.Threads;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.SameDataRuns;
import org.tripletlab.util.RestorableRandom;

/**
 * Trains an encoder with the triplet loss as one experiment config says, and records the run.
 *
 * <p>One training step: draw a PK batch, augment it, embed it (forward in training mode), compute
 * the B×B squared distances D on the tensor side, copy D out and mine triplets on the copy in plain
 * Java, then take the loss over the mined triplets on the tensor side so gradients flow only through
 * the D entries of selected triplets, and step the optimizer. Every per-step array lives in a
 * sub-manager closed at the end of the step: arrays left in the trainer's manager make native
 * memory grow and slow training roughly tenfold.
 *
 * <p>{@code loss.kind} swaps the loss on the same batches: {@code contrastive} takes the contrastive
 * loss over all pairs of the batch instead of mining triplets, {@code softmax} trains the encoder with
 * a linear classification head ({@link ClassifierBlock}) and checkpoints the encoder alone (see
 * {@link Loss}: the loop is the same for every loss). A config with {@code baseline.kind} set is fitted
 * by {@code experiment.BaselineRun} instead; {@code experiment.ExperimentRun} chooses between the two.
 *
 * <p>The run folder holds {@code config.yaml}, {@code provenance.json}, the tables of
 * {@link RunRecorder}, {@code checkpoints/last} and {@code checkpoints/best}, and {@code COMPLETE}
 * once everything was written.
 *
 * <p>A run, in the order it happens: {@link EarlierAttempts} (nothing to do, or only the evaluation),
 * {@link ResumableAttempt} (an unfinished attempt to continue), {@link RunData} (the data and its split),
 * {@link TrainingFolder} (the attempt folder and its provenance), {@link TrainingLoop} (the steps, the
 * validations and checkpoints, the end of training), then {@link RunEvaluator#evaluateAndComplete}.
 *
 * <h2>Resuming</h2>
 * While it trains, a run keeps a {@link ResumeState} in {@code checkpoints/resume}, saved at every epoch end
 * (after validation and checkpoints) and every {@code train.checkpoint_every} steps. Training the same config
 * again, when an attempt folder of it is neither trained nor complete, holds a resume state, recorded the data
 * manifest read now and is not locked by another training, continues that folder from the state's step S: the
 * tables are cut back to their rows at S, and model, optimiser state, generators, sampler queue and counters
 * are restored, so that every step after S computes what it would have computed without the stop (the
 * learning-rate schedule is a function of the update count, restored with the optimiser). Otherwise, or with
 * {@link Options#restart()}, a new attempt starts from step 0 as before. All training randomness comes from
 * {@link RestorableRandom}s (same streams as the {@code SplittableRandom}s they replace, so no number of an
 * existing config changes); the engine's generator only initialises the weights, which a resume overwrites.
 */
public final class TrainingRun {
    /**
     * Where to write and read, and where to print.
     *
     * @param rerun train again into a new attempt folder even when this config already completed
     * @param restart ignore an unfinished attempt's resume state: train a new attempt from step 0
     */
    public record Options(Path outRoot, Path dataRoot, boolean rerun, PrintStream console, boolean restart) {
        public Options(Path outRoot, Path dataRoot, boolean rerun, PrintStream console) {
            this(outRoot, dataRoot, rerun, console, false);
        }
    }

    /** What a finished (or skipped) run reports back; {@code validations.get(0)} is the untrained encoder. */
    public record Outcome(Path runDir, String runId, boolean skipped, List<ValidationResult> validations,
            double bestAccuracy, int steps, double minutes) {
        public ValidationResult last() {
            return validations.isEmpty() ? null : validations.get(validations.size() - 1);
        }
    }

    private TrainingRun() {
    }

    public static Outcome run(ExperimentConfig cfg, Options opt) {
        return run(cfg, opt, UnaryOperator.identity());
    }

    /**
     * As {@link #run(ExperimentConfig, Options)}, with the configured loss passed through {@code lossHook}
     * first: tests use it to make chosen steps non-finite and watch {@code train.nonfinite} act.
     */
    static Outcome run(ExperimentConfig cfg, Options opt, UnaryOperator<Loss> lossHook) {
        if (cfg.baseline().fitted()) {
            // train cannot import baseline (baseline builds on train): the choice is experiment.ExperimentRun's.
            throw new IllegalArgumentException("baseline.kind " + cfg.baseline().kind() + " is fitted, not trained: "
                    + "run the config with experiment.ExperimentRun (tripletlab train does)");
        }
        EarlierAttempts.Verdict earlier = EarlierAttempts.check(cfg, opt);
        if (earlier.finished() != null) {
            return earlier.finished();
        }
        opt = earlier.options();
        long t0 = System.nanoTime();
        int threads = Threads.configure(cfg.train().threads());
        refusePretrainedNetwork(cfg);
        // encoder.init is read and checked before any image is decoded
        InitialWeights init = InitialWeights.of(cfg);
        // An unfinished attempt with a resume state, locked so no other process trains in it meanwhile.
        ResumableAttempt resumable = opt.rerun() ? null : ResumableAttempt.find(cfg, opt, opt.console());
        RunData data = prepareData(cfg, opt, resumable);
        if (resumable != null) {
            resumable = resumable.onSameData(data, opt.console());
        }
        if (resumable == null) {
            return train(cfg, opt, lossHook, data, threads, t0, null, init);
        }
        try {
            return train(cfg, opt, lossHook, data, threads, t0, resumable, init);
        } finally {
            resumable.release();
        }
    }

    /**
     * {@code encoder.weights} names a pretrained network to evaluate as it is ({@code eval --pretrained}); training
     * from it is {@code encoder.init}, whose file the run's provenance records. One key, one meaning: train refuses the
     * other rather than fine-tune silently from a file it does not record.
     */
    static void refusePretrainedNetwork(ExperimentConfig cfg) {
        Object weights = cfg.raw().get(DlibResNetEncoder.WEIGHTS.path());
        if (weights != null) {
            throw cfg.raw().error(DlibResNetEncoder.WEIGHTS.path(), "names a pretrained network to evaluate (eval --pretrained), "
                    + "not weights to train from; to fine-tune it, set encoder.init: " + weights + " and leave encoder.weights unset");
        }
    }

    /** Reads the data, releasing {@code resumable}'s lock when that fails. */
    private static RunData prepareData(ExperimentConfig cfg, Options opt, ResumableAttempt resumable) {
        try {
            return RunData.prepare(cfg, opt.dataRoot());
        } catch (RuntimeException | Error e) {
            if (resumable != null) {
                resumable.release();
            }
            throw e;
        }
    }

    /** Trains into a new attempt folder, or continues {@code resume}'s folder from its state. */
    private static Outcome train(ExperimentConfig cfg, Options opt, UnaryOperator<Loss> lossHook, RunData data,
            int threads, long t0, ResumableAttempt resume, InitialWeights init) {
        TrainingLength length = TrainingLength.of(cfg, data.sampler());
        // A miner warm-up must end before the training does (train.steps: known only now that an epoch's steps are).
        MinerSchedule.checkLength(cfg.raw(), length.stepsPerEpoch(), length.totalSteps());
        if (resume != null && !resume.sameLength(length.totalSteps(), opt.console())) {
            resume = null;
        }
        // Before any folder is written: a batch larger than the training set, or a training that cannot fit in memory, stops here.
        RunLimits.Checked memory = RunLimits.check(cfg, data);
        TrainingFolder folder = resume == null ? TrainingFolder.start(cfg, opt, data, threads)
                : TrainingFolder.resume(resume, threads, length.totalSteps(), opt.console());
        folder.prov().writeOnShutdown(folder.run().file(RunFiles.PROVENANCE));
        try {
            return TrainingLoop.train(cfg, opt, lossHook, data, t0, resume, folder, threads, memory, length, init);
        } finally {
            folder.release();
        }
    }

    /**
     * The first of {@code done} (completed folders of this config) that was trained on the data the config
     * reads now, or null when every one recorded another data manifest (another {@code --data-root}, or
     * images added, removed or changed in size since). The run id hashes only the config, so this is what
     * keeps "already complete" from skipping a run on new data. Synthetic data is a function of the config
     * and is not reloaded; a folder that recorded no manifest is taken as it is. The rule lives in
     * {@link SameDataRuns}, which the sweep asks too.
     */
    static Path completeOnSameData(List<Path> done, ExperimentConfig cfg, Path dataRoot, PrintStream console) {
        return new SameDataRuns(dataRoot).firstOnSameData(done, cfg, console);
    }

    /**
     * The differentiated part of one training step: forward in training mode, the loss, and the
     * backward pass of its loss into the parameters' gradients (none when the loss is null). Every array
     * it creates lives in {@code sm}, which the caller closes only after the optimiser step, so nothing
     * the autograd graph saved for the backward pass is freed before it runs.
     */
    static Loss.Step forwardBackward(Trainer trainer, Loss loss, NDArray input, int[] labels,
            RandomGenerator rng, NDManager sm) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            Loss.Step result = loss.compute(trainer.forward(new NDList(input)), labels, rng, sm);
            if (result.loss() != null) {
                gc.backward(result.loss());
            }
            return result;
        }
    }

    /** Each training identity's class index 0..c−1 for the softmax head (−1 for held-out identities). */
    static int[] classIndex(int identities, int[] trainIdentities) {
        int[] classOf = new int[identities];
        java.util.Arrays.fill(classOf, -1);
        for (int c = 0; c < trainIdentities.length; c++) {
            classOf[trainIdentities[c]] = c;
        }
        return classOf;
    }

    /** Minutes since {@code t0} (a {@link System#nanoTime()}), as {@code epochs.csv} and provenance record them. */
    public static double minutesSince(long t0) {
        return (System.nanoTime() - t0) / 6e10;
    }

    static Optimizer optimizer(ExperimentConfig.Optimizer o, LearningRateSchedule schedule) {
        float wd = (float) o.weightDecay();
        return switch (o.name()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(schedule).optMomentum((float) o.momentum()).optWeightDecays(wd).build();
            case "adagrad" -> DenseAdagrad.builder().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            default -> throw new IllegalArgumentException("optimizer.name " + o.name());
        };
    }
}
