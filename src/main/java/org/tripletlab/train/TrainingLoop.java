package org.tripletlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.source.DataSources;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.PkSampler;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.loss.Loss;
import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;
import org.tripletlab.mining.MinerSchedule;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.ClassifierBlock;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.Precision;
import org.tripletlab.model.ModelStats;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.RestorableRandom;

/**
 * One training in an opened run folder, from the encoder's creation to the {@code TRAINED} marker: builds
 * the model, loss and optimiser, validates the untrained encoder (or restores a resume state), runs the
 * steps with the end-of-epoch validation, checkpoints and resume states, and finishes the record. The
 * order of everything that draws random numbers or writes files is the order of the single method this
 * class was cut from: a run trained before and after the split computes and writes the same bytes.
 */
final class TrainingLoop {
    private final ExperimentConfig cfg;
    private final TrainingRun.Options opt;
    private final PrintStream console;
    private final FaceDataset ds;
    private final IdentitySplit split;
    private final PkSampler sampler;
    private final int[] valImages;
    private final int[] valLabels;
    private final int batch;
    private final TrainingLength length;
    private final int checkpointEvery;
    private final RunDirectory run;
    private final Provenance prov;
    private final RunRecorder rec;
    private final List<ValidationResult> validations = new ArrayList<>();
    /** {@code encoder.init}'s weights, or null for the random initialisation. */
    private final InitialWeights init;
    private double best = Double.NEGATIVE_INFINITY;
    /** When training started; moved back on resume so {@code minutes} counts all the time trained so far. */
    private long t0;

    // Built once the model exists.
    private CollapseWatch collapse;
    private LearningRateSchedule schedule;
    private Loss loss;
    /** Which miner mines each step (a warm-up miner for the first epochs, then miner.strategy); told the step before each. */
    private MinerSchedule miners;
    private NonFiniteGuard guard;
    private Model model;
    private Model checkpointed;
    private Optimizer optimizer;
    private Trainer trainer;
    private Embedder embedder;
    private BatchBuilder builder;
    private RestorableRandom rng;
    private int[] labels;

    // The running epoch's training numbers, for its epochs.csv row.
    private double epochLoss;
    private double epochActive;
    private int epochSteps;

    private TrainingLoop(ExperimentConfig cfg, TrainingRun.Options opt, RunData data, TrainingLength length,
            TrainingFolder folder, long t0, InitialWeights init) {
        this.cfg = cfg;
        this.init = init;
        this.opt = opt;
        this.console = opt.console();
        this.ds = data.dataset();
        this.split = data.split();
        this.sampler = data.sampler();
        this.valImages = data.valImages();
        this.valLabels = data.valLabels();
        this.batch = cfg.sampler().batchSize();
        this.length = length;
        this.checkpointEvery = cfg.train().checkpointEvery();
        this.run = folder.run();
        this.prov = folder.prov();
        this.t0 = t0;
        this.rec = new RunRecorder(run, prov, console);
    }

    /**
     * Trains {@code cfg} into {@code folder} from step 0, or from {@code resume}'s step when it is not null,
     * then evaluates and completes the run.
     */
    static TrainingRun.Outcome train(ExperimentConfig cfg, TrainingRun.Options opt, UnaryOperator<Loss> lossHook, RunData data,
            long t0, ResumableAttempt resume, TrainingFolder folder, int threads, RunLimits.Checked memory, TrainingLength length,
            InitialWeights init) {
        printData(cfg, data, opt.console());
        opt.console().println(memory.line());
        memory.putInto(folder.prov());
        return new TrainingLoop(cfg, opt, data, length, folder, t0, init).train(lossHook, resume, threads);
    }

    /** What was read and how it was split, printed before training. */
    private static void printData(ExperimentConfig cfg, RunData data, PrintStream console) {
        DataSources.Loaded loaded = data.loaded();
        FaceDataset ds = data.dataset();
        PkSampler sampler = data.sampler();
        if (loaded.hiddenEntriesSkipped() > 0) {
            console.printf(Locale.ROOT, "Data: %d hidden files/folders (name starting with '.') skipped%n", loaded.hiddenEntriesSkipped());
        }
        console.printf(Locale.ROOT, "Data: %s — %d images of %d identities (%d identities with fewer than %d images left out); "
                        + "train %d identities (%d usable, %d excluded, %d with < K=%d images sampled with replacement); "
                        + "validation %d identities, %d fixed images%n",
                ds.description(), ds.size(), ds.identityCount(), loaded.identitiesExcluded(), cfg.data().minImages(),
                data.split().trainIdentities().length, sampler.usableIdentities(), sampler.excludedIdentities(),
                sampler.replacedIdentities(), cfg.sampler().images(), data.split().valIdentities().length, data.valImages().length);
    }

    private TrainingRun.Outcome train(UnaryOperator<Loss> lossHook, ResumableAttempt resume, int threads) {
        // The engine's generator initialises the weights (a resume overwrites them); every other draw is ours.
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        EncoderBlock encoder = Encoders.create(spec, cfg.raw());
        encoder.setPrecision(cfg.train().precision());
        schedule = new LearningRateSchedule(cfg.optimizer(), length.totalSteps());
        miners = MinerSchedule.of(cfg.raw(), length.stepsPerEpoch());
        LossKind kind = Losses.kind(cfg.baseline().lossKind());
        createLoss(kind, miners.miner(), lossHook);
        try (Model full = Model.newInstance(cfg.name()); Model encoderOnly = Model.newInstance(cfg.name())) {
            // A loss with a classification head (softmax) trains encoder + head; checkpoints hold the encoder alone,
            // so eval loads them like any other run.
            boolean classifier = kind.classifierHead();
            full.setBlock(classifier ? new ClassifierBlock(encoder, split.trainIdentities().length) : encoder);
            encoderOnly.setBlock(encoder);
            model = full;
            checkpointed = classifier ? encoderOnly : full;
            optimizer = TrainingRun.optimizer(cfg.optimizer(), schedule);
            // DJL's Loss (not ours, hence the full name) only fills the config: steps back-propagate Loss.Step#loss.
            DefaultTrainingConfig tc = new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss()).optOptimizer(optimizer);
            try (Trainer t = full.newTrainer(tc)) {
                trainer = t;
                initialise(spec);
                if (init != null && resume == null) {
                    // after the engine's initialisation, so the generator draws what it always did; a resume restores its own
                    init.copyInto(encoder);
                }
                printSetup(spec, recordEncoder(spec, encoder), kind, threads);
                runSteps(startOrRestore(resume));
            }
        } catch (RuntimeException | Error e) {
            recordFailure(e);
            throw e;
        }
        return finish();
    }

    /** The configured loss (through {@code lossHook}) and the collapse watch that knows its tolerance. */
    private void createLoss(LossKind kind, TripletMiner miner, UnaryOperator<Loss> lossHook) {
        float margin = (float) cfg.loss().margin();
        collapse = new CollapseWatch(kind, margin, cfg.train().collapsePatience());
        int[] classOf = TrainingRun.classIndex(ds.identityCount(), split.trainIdentities());
        loss = lossHook.apply(kind.create(cfg.raw(), miner, classOf));
    }

    /** Steps {@code firstStep} to the last, behind a progress bar. */
    private void runSteps(int firstStep) {
        rec.startProgress(length.totalSteps());
        for (int step = firstStep; step <= length.totalSteps(); step++) {
            trainStep(step);
        }
    }

    /** Initialises the parameters and watches the trainable ones for non-finite values ({@code train.nonfinite}). */
    private void initialise(EncoderSpec spec) {
        trainer.initialize(spec.inputShape(batch));
        List<NDArray> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue().getArray());
            }
        }
        guard = new NonFiniteGuard(NonFiniteGuard.Mode.fromConfig(cfg.train().nonFinite()), trainable);
    }

    /** The encoder's architecture, parameters and FLOPs, recorded in the provenance (written now). */
    private ModelStats recordEncoder(EncoderSpec spec, EncoderBlock encoder) {
        ModelStats stats = ModelStats.of(encoder, spec.inputShape(1));
        Map<String, Object> enc = new LinkedHashMap<>();
        enc.put("architecture", spec.architecture());
        enc.put("parameters", stats.parameters());
        enc.put("forward_flops_per_image", stats.flopsPerImage());
        if (init != null) {
            enc.put("init", init.record());
        }
        prov.put("encoder", enc);
        prov.write(run.file(RunFiles.PROVENANCE));
        return stats;
    }

    /** What is about to be trained, on the console. */
    private void printSetup(EncoderSpec spec, ModelStats stats, LossKind kind, int threads) {
        console.printf(Locale.ROOT, "Encoder %s: %,d parameters, %.1f MFLOPs per image; %d steps (%d epochs × %d), "
                        + "batch %d = P %d × K %d, miner %s, α = %s, %s, %d threads%n",
                spec.architecture(), stats.parameters(), stats.flopsPerImage() / 1e6, length.totalSteps(), length.epochs(),
                length.stepsPerEpoch(), batch, cfg.sampler().identities(), cfg.sampler().images(),
                kind.usesMiner() ? miners.describe(length.stepsPerEpoch()) : "none (" + cfg.baseline().lossKind() + " loss)",
                kind.usesMargin() ? String.valueOf(cfg.loss().margin()) : "unused",
                cfg.optimizer().name(), threads);
        if (init != null) {
            console.println("Initial weights (encoder.init): " + init.describe());
        }
        String auto = cfg.raw().autoChoices().get("train.precision");
        if (cfg.train().precision() != Precision.FP32 || auto != null) {
            console.printf(Locale.ROOT, "Precision: %s%s%n", auto != null ? auto : cfg.train().precision().configName(),
                    cfg.train().precision() == Precision.BF16
                            ? " — bfloat16 convolutions and activations; float32 weights, optimiser, embedding layer and loss" : "");
        }
    }

    /**
     * Creates what the steps share (embedder, batch builder, the augmentation and mining generator) and either
     * validates the untrained encoder (epoch 0) or restores a resume state; returns the first step to take.
     */
    private int startOrRestore(ResumableAttempt resume) {
        embedder = new Embedder(trainer::evaluate, trainer.getManager());
        builder = new BatchBuilder(ds);
        rng = new RestorableRandom(cfg.seed() ^ 0xA11CE5L);
        labels = new int[batch];
        if (resume == null) {
            ValidationResult untrained = validate();
            validations.add(untrained);
            rec.validation(0, 0, untrained, Double.NaN, Double.NaN, TrainingRun.minutesSince(t0));
            return 1;
        }
        return restore(resume);
    }

    /** Everything the steps after S depend on, as it was at the end of step S; returns S + 1. */
    private int restore(ResumableAttempt resume) {
        ResumeState st = resume.state();
        TrainingArrays.read(resume.stateDir().resolve("arrays.bin"))
                .restore(model.getBlock(), optimizer, st.updateCounts(), st.numUpdate());
        rng.restore(st.rng());
        sampler.restore(st.sampler());
        collapse.restore(st.collapse());
        guard.restoreSkipped(st.nonFiniteSkipped());
        rec.resume(st.recorder());
        validations.addAll(ResumeState.readValidations(resume.stateDir()));
        best = st.best();
        epochLoss = st.epochLoss();
        epochActive = st.epochActive();
        epochSteps = st.epochSteps();
        // minutes in epochs.csv keep counting the time the run has trained so far
        t0 = System.nanoTime() - (long) (st.minutes() * 6e10);
        return st.step() + 1;
    }

    /** One step and what follows it: its row, the collapse watch, the epoch's end, the resume state. */
    private void trainStep(int step) {
        int epoch = length.epochOf(step);
        miners.beginStep(step);
        if (miners.switchesAt(step)) {
            rec.minerSwitch(step, epoch, String.format(Locale.ROOT, "miner switched from %s to %s at step %d (epoch %d), after %d warm-up steps",
                    miners.warmup().name(), miners.main().name(), step, epoch, miners.lastWarmupStep()));
        }
        RunRecorder.StepRecord record = takeStep(step, epoch);
        rec.step(step, epoch, length.epochs(), record);
        epochLoss += record.loss();
        epochActive += record.activeShare();
        epochSteps++;
        String warning = collapse.observe(step, record.triplets(), record.meanAp(), record.meanAn());
        if (warning != null) {
            rec.warn(step, epoch, warning);
        }
        boolean endOfEpoch = length.endsEpoch(step);
        if (endOfEpoch && (epoch % cfg.eval().everyEpochs() == 0 || length.isLast(step))) {
            validateAndCheckpoint(step, epoch);
        }
        if (endOfEpoch) {
            epochLoss = 0;
            epochActive = 0;
            epochSteps = 0;
        }
        if (step < length.totalSteps() && (endOfEpoch || checkpointEvery > 0 && step % checkpointEvery == 0)) {
            saveResumeState(step, epoch);
        }
    }

    /**
     * Draws a PK batch, augments it, and takes the optimiser step on its loss unless the loss is empty or
     * non-finite. Every array lives in a sub-manager closed at the end: arrays left in the trainer's manager
     * make native memory grow and slow training roughly tenfold.
     */
    private RunRecorder.StepRecord takeStep(int step, int epoch) {
        long s0 = System.nanoTime();
        int[] images = sampler.next();
        for (int i = 0; i < batch; i++) {
            labels[i] = ds.label(images[i]);
        }
        float[] x = builder.build(images, cfg.data().flip(), cfg.data().shift(), rng);
        Loss.Step result;
        try (NDManager sm = trainer.getManager().newSubManager()) {
            NDArray input = Embedder.channelsLast(sm, x, batch, ds.imageSize(), ds.channels());
            result = TrainingRun.forwardBackward(trainer, loss, input, labels, rng, sm);
            // A batch without anything to learn (no valid triplet) has loss 0 and no gradient: record it, do not step.
            if (result.loss() != null) {
                stepUnlessNonFinite(step, epoch, result, sm);
            }
        }
        double imgPerSec = batch / ((System.nanoTime() - s0) / 1e9);
        return new RunRecorder.StepRecord(result.value(), result.count(), result.activeShare(), result.meanAp(),
                result.meanAn(), result.fallbacks(), result.skipped(), schedule.at(step - 1), imgPerSec);
    }

    /** The optimiser step, unless {@code train.nonfinite} says to skip (recorded) or stop (recorded, thrown). */
    private void stepUnlessNonFinite(int step, int epoch, Loss.Step result, NDManager sm) {
        String nonFinite;
        try {
            nonFinite = guard.check(step, epoch, result.loss(), sm);
        } catch (NonFiniteGuard.NonFiniteStepException e) {
            rec.nonFinite(step, epoch, e.getMessage());
            throw e;
        }
        if (nonFinite == null) {
            trainer.step();
        } else {
            rec.nonFinite(step, epoch, nonFinite);
        }
    }

    /** The fixed validation set embedded by the current encoder, and its verification numbers. */
    private ValidationResult validate() {
        return ValidationResult.of(embedder.embed(ds, valImages, cfg.eval().batch()), valLabels);
    }

    /** Validates at an epoch's end and saves {@code checkpoints/last}, and {@code best} when the accuracy improved. */
    private void validateAndCheckpoint(int step, int epoch) {
        ValidationResult v = validate();
        validations.add(v);
        rec.validation(epoch, step, v, epochLoss / epochSteps, epochActive / epochSteps, TrainingRun.minutesSince(t0));
        if (cfg.train().checkpoints()) {
            Checkpoints.save(checkpointed, run.dir(), Checkpoints.LAST, epoch);
            if (v.accuracy() > best) {
                Checkpoints.save(checkpointed, run.dir(), Checkpoints.BEST, epoch);
            }
        }
        best = Math.max(best, v.accuracy());
    }

    /** Saves what a resume from the end of this step needs; the tables on disk must hold every row the state counts. */
    private void saveResumeState(int step, int epoch) {
        rec.flush();
        ResumeState st = new ResumeState(step, epoch, length.totalSteps(), TrainingRun.minutesSince(t0), rng.state(),
                sampler.state(), epochLoss, epochActive, epochSteps, best, collapse.state(), guard.skipped(),
                TrainingArrays.numUpdate(optimizer), TrainingArrays.updateCounts(model.getBlock(), optimizer),
                rec.marks(), prov.warningCount());
        ResumeState.save(run.dir(), st, TrainingArrays.capture(model.getBlock(), optimizer), validations);
    }

    /** A failed training: the tables so far and provenance status {@code failed: …}. */
    private void recordFailure(Throwable e) {
        rec.flushAfterFailure(e);
        if (guard != null) {
            prov.put("nonfinite_skipped_steps", guard.skipped());
        }
        prov.finish("failed: " + e);
        prov.writeAfterFailure(run.file(RunFiles.PROVENANCE), e);
    }

    /** Trained: the summary in provenance, {@code TRAINED}, no resume state any more, then evaluation and {@code COMPLETE}. */
    private TrainingRun.Outcome finish() {
        rec.flush();
        double minutes = TrainingRun.minutesSince(t0);
        prov.put("steps", length.totalSteps()).put("empty_batches", rec.emptyBatches())
                .put("nonfinite_skipped_steps", guard.skipped()).put("untrained_val_accuracy", validations.get(0).accuracy())
                .put("best_val_accuracy", best).put("minutes", minutes);
        prov.finish("trained");
        prov.write(run.file(RunFiles.PROVENANCE));
        run.markTrained();
        // Trained: nothing left to resume (checkpoints/last and best stay).
        ResumeState.delete(run.dir());
        RunEvaluator.evaluateAndComplete(run, prov, cfg, opt.dataRoot(), console);
        console.printf(Locale.ROOT, "Done in %.1f min: best validation accuracy %.4f (untrained %.4f). Results in %s%n",
                minutes, best, validations.get(0).accuracy(), run.dir());
        return new TrainingRun.Outcome(run.dir(), run.runId(), false, validations, best, length.totalSteps(), minutes);
    }
}
