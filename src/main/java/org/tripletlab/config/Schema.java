package org.tripletlab.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tripletlab.baseline.Baselines;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.data.source.DataSources;
import org.tripletlab.loss.Losses;
import org.tripletlab.mining.MinerSchedule;
import org.tripletlab.mining.Miners;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.component.Component;
import org.tripletlab.component.Registry;
import org.tripletlab.component.Setting;

/**
 * Every key an experiment file may set, with its type, default and allowed values. This table is
 * the single source of truth: loading, validation, {@code --set} overrides, the resolved
 * {@code config.yaml} of a run and the README's key list all come from it, so a key cannot be
 * accepted in one place and unknown in another.
 */
public final class Schema {
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();
    /** Keys added after runs were recorded: left out of a resolved config.yaml while at their default, see {@link #omittedAtDefault}. */
    private static final Set<String> OMITTED_AT_DEFAULT = new HashSet<>();

    static {
        str("name", "experiment", "experiment name; runs go to results/<name>/<run-id>/");
        lng("seed", 42L, 0, null, "seed for data split, sampling, augmentation, initialisation and mining");

        // The data sources declare their own keys (each source class's COMPONENT, listed in DataSources.REGISTRY) and
        // DataSettings the keys every source reads; DataSources.sectionKeys() has them in the order of every config.yaml
        // written so far (run ids).
        add(DataSources.REGISTRY.selectorSetting());
        DataSources.sectionKeys().forEach(Schema::key);

        integer("sampler.identities", 24, 2, 100000, "P: identities per batch");
        integer("sampler.images", 4, 2, 10000, "K: images per identity in a batch");
        choice("sampler.small_identities", "replace", "identities with fewer than K images: sample with replacement, or exclude them", "replace", "exclude");

        // The encoders declare their own keys and checks (each architecture class's COMPONENT); Encoders.REGISTRY lists them.
        // Their own keys (all added after runs were recorded, e.g. dlib-resnet's encoder.weights) come after the shared ones,
        // the order of every config.yaml written so far (run ids).
        add(Encoders.REGISTRY.selectorSetting());
        integer("encoder.embedding", 128, 2, 4096, "embedding dimension");
        integer("encoder.width", 32, 4, 512, "base channel count of the encoder");
        Encoders.REGISTRY.keys().forEach(Schema::key);
        add(new Setting("encoder.init", Setting.Type.STRING, null, true, null, null, List.of(),
                "train: start from these weights instead of a random initialisation (fine-tuning): a TF.js manifest for dlib-resnet "
                        + "(models/dlib-resnet/face_recognition_model-weights_manifest.json), or a tripletlab run folder (its best checkpoint) "
                        + "or <run>/checkpoints/best|last; shapes must fit the encoder; provenance records the files' SHA-256"));
        omitAtDefault("encoder.init");

        // The losses declare their own keys (each loss class's COMPONENT); Losses.REGISTRY lists them. loss.margin
        // and loss.reduction came before loss.kind in every config.yaml written so far: keep that order (run ids).
        component(Losses.REGISTRY, 2);

        // The miners declare their own keys (each miner class's COMPONENT); Miners.REGISTRY lists them.
        component(Miners.REGISTRY, 0);
        // The miner of the first epochs (a warm-up, e.g. semi-hard before hardest); added after runs were recorded.
        add(MinerSchedule.strategySetting());
        omitAtDefault(MinerSchedule.STRATEGY_KEY);
        add(MinerSchedule.epochsSetting());
        omitAtDefault(MinerSchedule.EPOCHS_KEY);

        choice("optimizer.name", "adam", "optimizer", "adam", "sgd", "adagrad");
        dbl("optimizer.lr", 0.001, 1e-7, 10.0, "learning rate");
        dbl("optimizer.weight_decay", 0.0, 0.0, 1.0, "L2 weight decay");
        dbl("optimizer.momentum", 0.9, 0.0, 0.999, "SGD momentum (sgd only)");
        choice("optimizer.schedule", "constant", "learning-rate schedule", "constant", "cosine", "step");
        integer("optimizer.warmup_steps", 0, 0, 10000000, "linear warm-up steps from 0 (cosine only)");
        integer("optimizer.step_size", 1000, 1, 100000000, "step schedule: steps between decays");
        dbl("optimizer.step_factor", 0.1, 1e-6, 1.0, "step schedule: multiply the rate by this at each decay");
        dbl("optimizer.final_lr_fraction", 0.01, 0.0, 1.0, "cosine schedule: final rate as a fraction of lr");

        nullableInt("train.epochs", 1, 100000, "training length in epochs (one epoch = training images / (P·K) steps); default 10 when train.steps is unset");
        nullableInt("train.steps", 1, 1000000000, "training length in steps (instead of epochs)");
        nullableInt("train.steps_per_epoch", 1, 100000000, "override the steps that make an epoch");
        integer("train.threads", 0, 0, 1024, "intra-op threads; 0 = all cores");
        integer("train.collapse_patience", 50, 1, 1000000, "consecutive collapsed-looking steps before a collapse warning");
        bool("train.checkpoints", true, "save last and best checkpoints (git-ignored)");
        choice("train.nonfinite", "stop", "a step whose loss or gradient norm is NaN or infinite: stop the run naming the step, "
                + "or skip its update and record it in events.csv", "stop", "skip");
        omitAtDefault("train.nonfinite");
        integer("train.checkpoint_every", 0, 0, 1000000000, "also save the resume state (checkpoints/resume: model, optimiser, "
                + "random and sampler state, counters) every this many steps; 0 = only at the end of each epoch. A killed run "
                + "continues from its last resume state when trained again (train --restart starts over instead); "
                + "it changes nothing the run computes, so it is not part of the run id");
        omitAtDefault("train.checkpoint_every");
        choice("train.precision", "fp32", "arithmetic of the encoder's convolutions: fp32, or bf16 mixed precision (float32 weights, "
                + "gradients, optimiser, embedding layer, distances and loss; bfloat16 convolutions and activations), or auto = bf16 "
                + "where the CPU reports amx_bf16 or avx512_bf16, else fp32 (decided when the config is read; config.yaml records the "
                + "choice). Also the precision of the validation embedding during training", "fp32", "bf16", "auto");
        omitAtDefault("train.precision");

        integer("eval.every_epochs", 1, 1, 100000, "validate every this many epochs (and always at the end)");
        integer("eval.batch", 128, 1, 100000, "batch size for embedding validation images");
        add(new Setting("eval.benchmarks", Setting.Type.STRING_LIST, List.of(), false, null, null, List.of(),
                "benchmarks to evaluate the best checkpoint on when training ends: " + String.join(", ", Benchmarks.names())));
        add(new Setting("eval.allow_test_overlap", Setting.Type.STRING_LIST, List.of(), false, null, null, List.of(),
                "benchmarks whose test identities may also be training or validation identities; without this, train refuses to start "
                + "when they meet (by name and alias). The run then records those benchmarks under not_a_test_number in provenance.json"));
        omitAtDefault("eval.allow_test_overlap");
        bool("eval.flip", true, "benchmarks: embed each image and its mirror image, summed and re-normalised");
        choice("eval.precision", "fp32", "arithmetic of the benchmark embedding (eval command, end-of-training evaluation, projections): "
                + "fp32, bf16 or auto, as train.precision; a checkpoint evaluates in either", "fp32", "bf16", "auto");
        omitAtDefault("eval.precision");

        // The classical baselines declare their own keys (each kind's COMPONENT); Baselines.REGISTRY lists them.
        component(Baselines.REGISTRY, 0);
        integer("baseline.max_images", 20000, 10, 10000000, "at most this many training images (a seeded subset) are used to fit the baseline");
    }

    private Schema() {
    }

    /** All keys in declaration order. */
    public static Map<String, Setting> settings() {
        return Collections.unmodifiableMap(SETTINGS);
    }

    public static Setting get(String path) {
        return SETTINGS.get(path);
    }

    /** Whether {@code prefix} is a section (a map) rather than a leaf key. */
    public static boolean isSection(String prefix) {
        String p = prefix + ".";
        return SETTINGS.keySet().stream().anyMatch(k -> k.startsWith(p));
    }

    /** Known keys directly below a section, for "did you mean" messages. */
    public static List<String> childrenOf(String section) {
        String p = section.isEmpty() ? "" : section + ".";
        List<String> out = new ArrayList<>();
        for (String k : SETTINGS.keySet()) {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                String child = dot < 0 ? rest : rest.substring(0, dot);
                if (!out.contains(child)) {
                    out.add(child);
                }
            }
        }
        return out;
    }

    /**
     * Whether a resolved {@code config.yaml} leaves this key out while it holds its default. A run id is
     * the hash of the resolved config, so writing a newly added key into every config would give every
     * committed run a new id; keys added later are therefore written only when a config sets them to
     * something else (a config without them still resolves to the default when read back).
     */
    public static boolean omittedAtDefault(String path) {
        return OMITTED_AT_DEFAULT.contains(path);
    }

    private static void omitAtDefault(String path) {
        if (!SETTINGS.containsKey(path)) {
            throw new IllegalStateException("declare " + path + " first");
        }
        OMITTED_AT_DEFAULT.add(path);
    }

    /**
     * A kind's selector key (a choice among its component names) and every component's keys, in the registry's
     * order; the first {@code keysBeforeSelector} keys go before the selector, where older config.yaml files
     * have them.
     */
    private static void component(Registry<?> registry, int keysBeforeSelector) {
        List<Component.Key> keys = registry.keys();
        for (int i = 0; i < keys.size(); i++) {
            if (i == keysBeforeSelector) {
                add(registry.selectorSetting());
            }
            key(keys.get(i));
        }
        if (keys.size() <= keysBeforeSelector) {
            add(registry.selectorSetting());
        }
    }

    /** A component's key, left out of config.yaml at its default when the component says so. */
    private static void key(Component.Key k) {
        add(k.setting());
        if (k.omittedAtDefault()) {
            omitAtDefault(k.path());
        }
    }

    private static void add(Setting s) {
        if (SETTINGS.containsKey(s.path())) {
            throw new IllegalStateException(s.path() + " declared twice");
        }
        SETTINGS.put(s.path(), s);
    }

    private static void str(String path, String def, String help) {
        add(new Setting(path, Setting.Type.STRING, def, false, null, null, List.of(), help));
    }

    private static void integer(String path, int def, int min, int max, String help) {
        add(new Setting(path, Setting.Type.INT, def, false, (double) min, (double) max, List.of(), help));
    }

    private static void nullableInt(String path, int min, int max, String help) {
        add(new Setting(path, Setting.Type.INT, null, true, (double) min, (double) max, List.of(), help));
    }

    private static void lng(String path, long def, long min, Long max, String help) {
        add(new Setting(path, Setting.Type.LONG, def, false, (double) min, max == null ? null : (double) max, List.of(), help));
    }

    private static void dbl(String path, double def, double min, double max, String help) {
        add(new Setting(path, Setting.Type.DOUBLE, def, false, min, max, List.of(), help));
    }

    private static void bool(String path, boolean def, String help) {
        add(new Setting(path, Setting.Type.BOOLEAN, def, false, null, null, List.of(), help));
    }

    private static void choice(String path, String def, String help, String... choices) {
        add(new Setting(path, Setting.Type.CHOICE, def, false, null, null, List.of(choices), help));
    }
}
