package org.tripletlab.baseline;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.projection.LinearProjection;

/** {@code baseline.kind: none}, the default: no classical baseline, the configured encoder is trained. */
public final class NoBaseline implements BaselineKind {
    public static final String NAME = "none";
    static final NoBaseline KIND = new NoBaseline();

    /** Config name; reads no {@code baseline.*} key. */
    public static final Component<BaselineKind> COMPONENT =
            Component.<BaselineKind>named(NAME, "train the encoder (no classical baseline)").build(c -> KIND);

    private NoBaseline() {
    }

    @Override
    public boolean fitted() {
        return false;
    }

    @Override
    public LinearProjection fit(ConfigView config, float[][] x, int[] labels, long seed, Map<String, Object> fitted) {
        throw new IllegalStateException("baseline.kind none fits nothing: the encoder is trained");
    }

    @Override
    public String label(UnaryOperator<String> key) {
        throw new IllegalStateException("baseline.kind none is not a classical baseline row");
    }

    @Override
    public int reportOrder() {
        return Integer.MAX_VALUE;
    }
}
