package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;

/**
 * The head's global average pool (B×C×H×W → B×C), which is also where bfloat16 activations end: in
 * {@link Precision#BF16} its output is cast back to float32, so the embedding Linear, the L2 normalisation
 * and everything downstream (distances, mining, the loss) are float32.
 *
 * <p>A {@link LambdaBlock}, as the plain {@code Pool.globalAvgPool2dBlock()} it replaces: it has no
 * parameters and is saved exactly like one, so checkpoints written before it existed load unchanged.
 */
final class EmbeddingPool extends LambdaBlock {

    private final Switch precisionSwitch;

    EmbeddingPool() {
        this(new Switch());
    }

    private EmbeddingPool(Switch s) {
        super(s::apply, "globalAvgPool2d");
        this.precisionSwitch = s;
    }

    void setPrecision(Precision precision) {
        precisionSwitch.precision = precision;
    }

    /** Holds the precision the lambda reads (a lambda passed to super() cannot refer to the block). */
    private static final class Switch {
        volatile Precision precision = Precision.FP32;

        NDList apply(NDList in) {
            NDArray pooled = Pool.globalAvgPool2d(in.singletonOrThrow());
            return new NDList(precision == Precision.BF16 ? Bf16Casts.toFloat32(pooled) : pooled);
        }
    }
}
