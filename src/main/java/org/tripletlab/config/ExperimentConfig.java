package org.tripletlab.config;

import java.util.List;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.mining.Miners;
import org.tripletlab.model.encoder.Encoders;

/**
 * Typed view of a resolved {@link Config}, grouped the way the framework is: data, sampler,
 * encoder, loss, miner, optimizer, training length and evaluation. Cross-key rules that a single
 * key's range cannot express are checked here, before anything runs.
 */
public record ExperimentConfig(String name, long seed, Data data, Sampler sampler, Encoder encoder, Loss loss,
        Miner miner, Optimizer optimizer, Train train, Eval eval, Config raw) {

    /** Data source, preprocessing and the identity-disjoint split. */
    public record Data(String source, String root, int imageSize, int channels, List<Integer> crop, boolean flip,
            int shift, double valFraction, int valImages, int minImages, int syntheticIdentities,
            int syntheticImagesPerIdentity, long syntheticSeed, Sources sources) {
    }

    /** Root folder (relative to the data root, or absolute) and crop box of one named source. */
    public record SourceSettings(String root, List<Integer> crop) {
    }

    /**
     * Settings of the named sources ({@code lfw}, {@code cfp}, {@code celeba}, {@code olivetti}).
     *
     * @param names the sources to load: {@code [data.source]} for a named source, {@code data.combine}
     *     for {@code combined}, empty for synthetic and image-folder
     * @param excludeNames name-list files whose people are left out (empty = none)
     * @param lfwPeople {@code all}, {@code folds}, {@code dev-train} or {@code dev-test}
     * @param lfwFolds 1-based people.txt folds when {@code lfwPeople} is {@code folds}, else null
     * @param cfpPoses {@code both}, {@code frontal} or {@code profile}
     * @param cfpAliases alias table ({@code CFP name<TAB>LFW name}) that name exclusion honours for CFP
     *     identities, relative to the data root or absolute; null = none
     */
    public record Sources(List<String> names, List<String> excludeNames, SourceSettings lfw, String lfwPeople,
            List<Integer> lfwFolds, SourceSettings cfp, String cfpPoses, String cfpAliases, SourceSettings celeba,
            SourceSettings olivetti) {

        /** The settings of a named source. */
        public SourceSettings of(String source) {
            return switch (source) {
                case "lfw" -> lfw;
                case "cfp" -> cfp;
                case "celeba" -> celeba;
                case "olivetti" -> olivetti;
                default -> throw new IllegalArgumentException("not a named source: " + source);
            };
        }
    }

    private static final List<String> NAMED_SOURCES = List.of("lfw", "cfp", "celeba", "olivetti");

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
            boolean checkpoints, String nonFinite, int checkpointEvery) {
    }

    /** Names of the pair benchmarks {@code eval.benchmarks} may list: those of {@link Benchmarks#REGISTRY}. */
    public static final List<String> BENCHMARKS = Benchmarks.names();

    /**
     * @param allowTestOverlap benchmarks whose test identities may meet the training and validation
     *     identities (their numbers are then recorded as not test numbers); empty = none may
     */
    public record Eval(int everyEpochs, int batch, List<String> benchmarks, boolean flip, List<String> allowTestOverlap) {
    }

    /** The {@code baseline.*} keys and {@code loss.kind} (checked when the config is read). */
    public BaselineSettings baseline() {
        return BaselineSettings.of(raw);
    }

    public static ExperimentConfig from(Config c) {
        BaselineSettings.of(c);
        List<Integer> crop = checkedCrop(c, "data.crop");
        int channels = c.getInt("data.channels");
        if (channels != 1 && channels != 3) {
            throw c.error("data.channels", channels + " is not allowed; expected 1 (grey) or 3 (RGB)");
        }
        String source = c.getString("data.source");
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
                new Data(source, c.getString("data.root"), c.getInt("data.image_size"), channels, crop,
                        c.getBoolean("data.augment.flip"), c.getInt("data.augment.shift"),
                        c.getDouble("data.split.val_fraction"), c.getInt("data.val_images"),
                        c.getInt("data.min_images"), c.getInt("data.synthetic.identities"),
                        c.getInt("data.synthetic.images_per_identity"), c.getLong("data.synthetic.seed"), sources(c, source)),
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
                        c.getInt("train.checkpoint_every")),
                new Eval(c.getInt("eval.every_epochs"), c.getInt("eval.batch"), benchmarks, c.getBoolean("eval.flip"),
                        List.copyOf(allowOverlap)),
                c);
    }

    private static List<Integer> checkedCrop(Config c, String key) {
        List<Integer> crop = c.getIntList(key);
        if (crop != null && (crop.size() != 4 || crop.get(2) <= 0 || crop.get(3) <= 0)) {
            throw c.error(key, crop + " is not allowed; expected [x, y, width, height] with width, height > 0, or null");
        }
        return crop;
    }

    @SuppressWarnings("unchecked")
    private static Sources sources(Config c, String source) {
        List<String> combine = (List<String>) c.get("data.combine");
        List<String> names;
        if (source.equals("combined")) {
            if (combine == null || combine.isEmpty()) {
                throw c.error("data.combine", "data.source is combined but data.combine lists no sources; e.g. data.combine: [celeba, cfp]");
            }
            for (String s : combine) {
                if (!NAMED_SOURCES.contains(s)) {
                    throw c.error("data.combine", "'" + s + "' is not a source that can be combined; expected some of " + NAMED_SOURCES);
                }
            }
            if (combine.stream().distinct().count() != combine.size()) {
                throw c.error("data.combine", combine + " lists a source twice; list each source once");
            }
            names = List.copyOf(combine);
        } else {
            if (combine != null) {
                throw c.error("data.combine", "is only used with data.source: combined (data.source is " + source
                        + "); remove data.combine, or set data.source: combined");
            }
            names = NAMED_SOURCES.contains(source) ? List.of(source) : List.of();
        }
        if (!names.isEmpty()) {
            if (c.get("data.root") != null) {
                throw c.error("data.root", "applies to data.source image-folder; for " + names + " set data.<source>.root, e.g. data.lfw.root");
            }
            if (c.get("data.crop") != null) {
                throw c.error("data.crop", "applies to data.source image-folder; for " + names + " set data.<source>.crop, e.g. data.lfw.crop");
            }
        }
        List<String> exclude = (List<String>) c.get("data.exclude_names");
        if (exclude != null && !exclude.isEmpty() && names.isEmpty()) {
            throw c.error("data.exclude_names", "applies to the named sources (lfw, cfp, celeba, olivetti, combined), not to " + source
                    + "; remove data.exclude_names");
        }
        String people = c.getString("data.lfw.people");
        List<Integer> folds = c.getIntList("data.lfw.folds");
        if (people.equals("folds") && (folds == null || folds.isEmpty())) {
            throw c.error("data.lfw.folds", "data.lfw.people is folds but no folds are listed; e.g. [1, 2, 3, 4, 5, 6, 7, 8, 9]");
        }
        String aliases = c.getString("data.cfp.aliases");
        if (aliases != null && !names.contains("cfp")) {
            throw c.error("data.cfp.aliases", "applies to the cfp source, which this config does not load (sources " + names
                    + "); remove data.cfp.aliases, or load cfp (data.source: cfp, or cfp in data.combine)");
        }
        if (!people.equals("folds") && folds != null) {
            throw c.error("data.lfw.folds", "is only used with data.lfw.people: folds (it is " + people
                    + "); remove data.lfw.folds, or set data.lfw.people: folds");
        }
        if (folds != null && folds.stream().distinct().count() != folds.size()) {
            throw c.error("data.lfw.folds", folds + " lists a fold twice; list each fold once");
        }
        return new Sources(names, exclude == null ? List.of() : List.copyOf(exclude),
                new SourceSettings(c.getString("data.lfw.root"), checkedCrop(c, "data.lfw.crop")), people, folds,
                new SourceSettings(c.getString("data.cfp.root"), checkedCrop(c, "data.cfp.crop")), c.getString("data.cfp.poses"), aliases,
                new SourceSettings(c.getString("data.celeba.root"), checkedCrop(c, "data.celeba.crop")),
                new SourceSettings(c.getString("data.olivetti.root"), checkedCrop(c, "data.olivetti.crop")));
    }
}
