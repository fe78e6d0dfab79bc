package org.tripletlab.loss;

import java.util.List;
import java.util.Objects;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Registry;

/**
 * The registry of losses: the one list of every {@code loss.kind} a config can select. Each loss class
 * declares its own name, keys, checks and behaviour (its {@code COMPONENT} and {@code KIND}); the schema,
 * the config checks, the trainer, the memory estimate, the collapse watch and the report read this list,
 * so a new loss is one class plus one entry here (and its test).
 *
 * <p>A component's factory returns the loss's {@link LossKind} and ignores the config: the {@link Loss}
 * itself also needs the run's miner and class index, so {@link LossKind#create} builds it.
 */
public final class Losses {
    /** Every loss, in the order of the schema's allowed values. */
    public static final Registry<LossKind> REGISTRY = new Registry<>("loss.kind",
            "what trains the encoder: triplet (mined triplets), contrastive (siamese pairs of the PK batch, "
                    + "margin loss.margin on Euclidean distance), softmax (DeepFace-style classifier over the training identities) "
                    + "or soft-margin-triplet (softplus(D[a,p] − D[a,n]) over mined triplets, no margin)",
            TripletMarginLoss.COMPONENT,
            List.of(TripletMarginLoss.COMPONENT, ContrastiveLoss.COMPONENT, SoftmaxLoss.COMPONENT,
                    SoftMarginTripletLoss.COMPONENT));

    private Losses() {
    }

    /** The {@code loss.kind} a config gets when it does not set one. */
    public static String defaultName() {
        return String.valueOf(REGISTRY.selectorSetting().defaultValue());
    }

    /** The loss kind called {@code name} ({@code loss.kind}); unknown names list the allowed ones. */
    public static LossKind kind(String name) {
        return Objects.requireNonNull(REGISTRY.get(name).create(null));
    }

    /** The loss kind a resolved config selects. */
    public static LossKind kind(ConfigView config) {
        return kind(config.getString(REGISTRY.selector()));
    }

    /**
     * The selected loss's own checks, then: a key that only other, non-default losses read must stay at its
     * default (it would silently do nothing). Keys the default loss reads ({@code loss.margin},
     * {@code loss.reduction}) are exempt: every config written since the first runs holds them.
     */
    public static void check(ConfigView c) {
        REGISTRY.check(c);
        List<String> always = defaultKeys();
        REGISTRY.refuseKeysOfOthers(c, k -> always.contains(k.path()));
    }

    private static List<String> defaultKeys() {
        return REGISTRY.get(defaultName()).keys().stream()
                .map(Component.Key::path).toList();
    }
}
