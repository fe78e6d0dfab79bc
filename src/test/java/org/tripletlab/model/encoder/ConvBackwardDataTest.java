package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The encoders' conv layer ({@link EncoderLayers#conv}) differentiated in float32 against the same
 * convolution in float64 (which libtorch does not route through oneDNN). On channel counts that are
 * not a multiple of 16, oneDNN 3.7.1's backward-data kernel returned a wrong input gradient in
 * about half the calls (ic8oc24: every call); see {@link AlignedConv2d}. Each case repeats the call,
 * because the wrong results depend on the contents of reused memory.
 */
class ConvBackwardDataTest {

    private static final int CALLS = 12;

    private static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Largest |a − b| relative to max |b|; NaN anywhere gives NaN. */
    private static double relError(float[] a, float[] b) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            err = Math.max(err, d);
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return err / scale;
    }

    @ParameterizedTest(name = "{0}->{1} k{2} s{3} on {4}x{4}, channels-last {5}")
    @CsvSource({
        "8,8,3,1,16,false", "8,24,3,1,16,false", "1,8,3,1,32,false", "2,4,3,1,8,false", "6,12,3,1,4,false",
        "12,48,3,1,2,false", "8,16,3,2,8,false", "2,4,5,1,4,false", "8,8,1,1,16,false", "16,16,3,1,8,false",
        "8,8,3,1,16,true", "8,24,3,1,16,true", "2,4,3,1,8,true", "6,12,3,1,4,true", "12,48,3,1,2,true",
        "8,16,3,2,8,true", "4,8,5,2,8,true", "8,8,1,1,16,true", "16,16,3,1,8,true",
        "8,16,1,2,16,true", "8,16,1,2,16,false"
    })
    void inputAndWeightGradientsMatchFloat64(int cin, int cout, int k, int stride, int hw, boolean channelsLast) {
        int batch = 4;
        Shape inShape = new Shape(batch, cin, hw, hw);
        // channels-last as the trainer feeds the encoder (Embedder.channelsLast): a B×C×H×W view of B×H×W×C memory
        Shape leafShape = channelsLast ? new Shape(batch, hw, hw, cin) : inShape;
        for (int call = 0; call < CALLS; call++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Conv2d conv = EncoderLayers.conv(cout, k, stride);
                conv.initialize(m, DataType.FLOAT32, inShape);
                Parameter weight = conv.getParameters().get("weight");
                NDArray x = m.create(gaussian((int) inShape.size(), 10 + call), leafShape);
                x.setRequiresGradient(true);
                float[] y;
                Shape outShape;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray xIn = channelsLast ? x.transpose(0, 3, 1, 2) : x; // recorded: inside the collector
                    NDArray out = conv.forward(new ParameterStore(m, false), new NDList(xIn), true).singletonOrThrow();
                    outShape = out.getShape();
                    NDArray dy = m.create(gaussian((int) outShape.size(), 100 + call), outShape);
                    y = out.toFloatArray();
                    gc.backward(out.mul(dy).sum());
                }
                float[] gx = x.getGradient().toFloatArray();
                float[] gw = weight.getArray().getGradient().toFloatArray();

                // float64 reference: plain libtorch convolution, same values
                NDArray x64 = x.stopGradient().toType(DataType.FLOAT64, true);
                NDArray w64 = weight.getArray().stopGradient().toType(DataType.FLOAT64, true);
                x64.setRequiresGradient(true);
                w64.setRequiresGradient(true);
                float[] y64;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x64In = channelsLast ? x64.transpose(0, 3, 1, 2) : x64;
                    NDArray out = Conv2d.conv2d(x64In, w64, null, new Shape(stride, stride), new Shape(k / 2, k / 2),
                            new Shape(1, 1), 1).singletonOrThrow();
                    assertEquals(outShape, out.getShape());
                    NDArray dy = m.create(gaussian((int) outShape.size(), 100 + call), outShape).toType(DataType.FLOAT64, false);
                    y64 = out.toType(DataType.FLOAT32, false).toFloatArray();
                    gc.backward(out.mul(dy).sum());
                }
                float[] gx64 = x64.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
                float[] gw64 = w64.getGradient().toType(DataType.FLOAT32, false).toFloatArray();

                String at = "call " + call + ": ";
                assertTrue(relError(y, y64) < 1e-5, at + "output, rel. error " + relError(y, y64));
                assertTrue(relError(gw, gw64) < 1e-5, at + "weight gradient, rel. error " + relError(gw, gw64));
                assertTrue(relError(gx, gx64) < 1e-5, at + "input gradient, rel. error " + relError(gx, gx64));
            }
        }
    }
}
