package org.tripletlab.baseline;

import java.util.List;
import java.util.Objects;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Registry;

/**
 * The registry of classical baselines: the one list of every {@code baseline.kind}. Each kind's class declares
 * its name, keys and how it fits ({@link BaselineKind}); the schema, the fitted runs
 * ({@code experiment.BaselineRun}), evaluation and the report read this list, so a new classical baseline is
 * one class plus one entry here (and its test).
 *
 * <p>As with losses, a component's factory returns the stateless kind and ignores the config: the kind reads
 * its keys when it fits.
 */
public final class Baselines {
    /** Every kind, in the order of the schema's allowed values; {@code none} (train the encoder) is the default. */
    public static final Registry<BaselineKind> REGISTRY = new Registry<>("baseline.kind",
            "fit a classical baseline instead of training an encoder: eigenfaces (PCA), "
                    + "fisherfaces (PCA + LDA) or pixels (no fitting); none = train the encoder",
            NoBaseline.COMPONENT,
            List.of(NoBaseline.COMPONENT, Eigenfaces.COMPONENT, Fisherfaces.COMPONENT, RawPixels.COMPONENT));

    private Baselines() {
    }

    /** The kind called {@code name} ({@code baseline.kind}); unknown names list the allowed ones. */
    public static BaselineKind kind(String name) {
        return Objects.requireNonNull(REGISTRY.get(name).create(null));
    }

    /** The kind a resolved config selects. */
    public static BaselineKind kind(ConfigView config) {
        return kind(config.getString(REGISTRY.selector()));
    }

    /**
     * The selected kind's own checks, then: a key that only other kinds read and that is unset by default
     * (null, e.g. {@code baseline.pca_components}) must stay unset, since setting it would silently do nothing.
     * Keys with a value by default ({@code baseline.components}, {@code baseline.whiten}) are in every
     * config.yaml written so far, whatever the kind, so they are exempt.
     */
    public static void check(ConfigView c) {
        REGISTRY.check(c);
        REGISTRY.refuseKeysOfOthers(c, k -> k.setting().defaultValue() != null);
    }
}
