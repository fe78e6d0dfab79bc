package org.tripletlab.config;

import org.tripletlab.baseline.BaselineKind;
import org.tripletlab.baseline.Baselines;
import org.tripletlab.loss.Losses;

/**
 * The {@code baseline.*} keys and {@code loss.kind}, read and cross-checked in one place.
 *
 * <p>Two ways to get a baseline that the same validation and benchmarks evaluate:
 * <ul>
 *   <li>{@code baseline.kind: eigenfaces | fisherfaces | pixels} — a classical linear projection is
 *       fitted (no encoder, no gradient steps); {@code tripletlab train} writes the run folder with the
 *       fitted projection in {@code projection.bin};</li>
 *   <li>{@code loss.kind: softmax | contrastive} — the configured encoder is trained with another
 *       loss on the same PK batches (DeepFace-style classification, or the siamese contrastive loss).</li>
 * </ul>
 *
 * @param kind {@code none}, {@code eigenfaces}, {@code fisherfaces} or {@code pixels}
 * @param components eigenfaces: principal components kept; fisherfaces: LDA dimensions
 * @param whiten eigenfaces: scale each component by 1/√λ
 * @param pcaComponents fisherfaces: PCA dimensions before LDA, or null for min(n − c, 512)
 * @param maxImages cap on the training images used for fitting (a seeded subset)
 * @param lossKind a {@code loss.kind} of {@link Losses#REGISTRY}
 */
public record BaselineSettings(String kind, int components, boolean whiten, Integer pcaComponents, int maxImages,
        String lossKind) {

    /** Whether a classical baseline is fitted instead of training an encoder. */
    public boolean fitted() {
        return Baselines.kind(kind).fitted();
    }

    /** The selected kind ({@link Baselines#REGISTRY}). */
    public BaselineKind baselineKind() {
        return Baselines.kind(kind);
    }

    public static BaselineSettings of(Config c) {
        String kind = c.getString("baseline.kind");
        String lossKind = c.getString("loss.kind");
        if (Baselines.kind(kind).fitted() && !lossKind.equals(Losses.defaultName())) {
            throw c.error("loss.kind", "is " + lossKind + " but baseline.kind is " + kind
                    + "; a fitted baseline trains no encoder, so leave loss.kind at " + Losses.defaultName() + " (or set baseline.kind: none)");
        }
        // The loss's own rules (e.g. the contrastive margin ≤ 2, loss.negatives only with contrastive) live with the loss.
        Losses.check(c);
        // The baselines' own rules (e.g. baseline.pca_components only with fisherfaces) live with the baselines.
        Baselines.check(c);
        return new BaselineSettings(kind, c.getInt("baseline.components"), c.getBoolean("baseline.whiten"),
                c.getIntOrNull("baseline.pca_components"),
                c.getInt("baseline.max_images"), lossKind);
    }
}
