package org.tripletlab.baseline;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.projection.LinearProjection;

/**
 * {@code baseline.kind: pixels}: the floor every method must beat. Nothing is fitted; an image's embedding is
 * its pixel vector, mean-centred and scaled to unit length ({@code eval.PixelEmbedding}).
 */
public final class RawPixels implements BaselineKind {
    public static final String NAME = "pixels";
    static final RawPixels KIND = new RawPixels();

    /** Config name; reads no {@code baseline.*} key. */
    public static final Component<BaselineKind> COMPONENT =
            Component.<BaselineKind>named(NAME, "raw pixels, mean-centred and unit length (nothing fitted)").build(c -> KIND);

    private RawPixels() {
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public boolean fitsProjection() {
        return false;
    }

    @Override
    public LinearProjection fit(ConfigView config, float[][] x, int[] labels, long seed, Map<String, Object> fitted) {
        return null;
    }

    @Override
    public String label(UnaryOperator<String> key) {
        return "raw pixels (mean-centred, unit length)";
    }

    @Override
    public int reportOrder() {
        return 0;
    }
}
