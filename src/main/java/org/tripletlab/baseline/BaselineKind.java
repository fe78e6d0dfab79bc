package org.tripletlab.baseline;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.tripletlab.component.ConfigView;
import org.tripletlab.projection.LinearProjection;

/**
 * What the rest of the code asks of a {@code baseline.kind}: is it fitted instead of training an encoder,
 * does it fit a projection (or compare the pixels as they are), how it is fitted, and how a report names it.
 *
 * <p>A kind is stateless; its settings ({@code baseline.components}, …) are read from the run's config
 * when it is fitted, so one kind object serves every run and the report (which reads config.yaml files).
 */
public interface BaselineKind {
    /** Whether a config with this kind fits a baseline instead of training an encoder (false only for {@code none}). */
    boolean fitted();

    /** Whether fitting produces a {@code projection.bin}; false: images are compared as pixels. */
    default boolean fitsProjection() {
        return fitted();
    }

    /** What fitting does after the PCA of the pixels, for the console line (e.g. {@code ", then LDA"}); "" if nothing. */
    default String afterPca() {
        return "";
    }

    /**
     * Fits the projection on training pixel rows.
     *
     * @param config the run's resolved config (this kind's {@code baseline.*} keys)
     * @param x pixel rows, scaled as the encoder's input
     * @param labels identity of each row
     * @param seed the run's seed
     * @param fitted receives what was fitted, for provenance.json ({@code baseline} object)
     * @return the projection, or null when {@link #fitsProjection()} is false
     */
    LinearProjection fit(ConfigView config, float[][] x, int[] labels, long seed, Map<String, Object> fitted);

    /**
     * The row label in reports.
     *
     * @param key a resolved config key's text as the report shows it ("?" when missing)
     */
    String label(UnaryOperator<String> key);

    /** The row's position among the classical baselines (simplest first). */
    int reportOrder();
}
