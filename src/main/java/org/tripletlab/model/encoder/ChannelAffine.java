package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A per-channel affine map of an N×C×H×W tensor: y[n, c, h, w] = γ_c · x[n, c, h, w] + β_c, with γ
 * initialised to 1 and β to 0.
 *
 * <p>This is dlib's {@code affine} layer: what a batch-norm layer becomes once training is over (its
 * statistics folded into γ and β), and what face-api's {@code scale} layer of the pretrained
 * face-recognition ResNet computes. Unlike {@link ai.djl.nn.norm.BatchNorm} it behaves the same in
 * training and inference, so fine-tuning the pretrained weights keeps them meaning what they meant. It holds
 * no convolution or linear map: {@code model.ModelStats} counts it as zero FLOPs, like batch norm.
 */
public final class ChannelAffine extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;

    ChannelAffine(int channels) {
        super(VERSION);
        this.channels = channels;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    public int channels() {
        return channels;
    }

    Parameter gamma() {
        return gamma;
    }

    Parameter beta() {
        return beta;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = parameterStore.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1);
        NDArray b = parameterStore.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1);
        // the reshaped views would join the parameters' manager and pile up step after step: give them the input's
        g.attach(x.getManager());
        b.attach(x.getManager());
        return new NDList(x.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
