package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Differentiable casts between float32 and bfloat16 for DJL 0.36's PyTorch engine.
 *
 * <p>Why not {@code NDArray.toType}: DJL 0.36's JNI has no code for bfloat16 ({@code toType(BFLOAT16)}
 * ends the JVM with {@code std::terminate}, which no Java {@code catch} can stop), and its
 * {@code toType} is cut from the autograd graph for every dtype, so no gradient would reach the float32
 * weights (results/precision/PROBE.md). Each cast here is instead a tiny TorchScript module whose forward
 * is {@code x.to(dtype)} ({@code scripts/make_cast_modules.py} wrote them; code only, no weights): the
 * cast runs inside libtorch, where autograd records it, and DJL handles only the result's handle. So the
 * gradient of a bfloat16 copy flows back, cast to float32, into the float32 parameter it was made from,
 * and bfloat16 never has to be named across the JNI. DJL reports such an array's data type as
 * {@code UNKNOWN}: code on the bfloat16 path must not make arrays "of the same type as" one.
 *
 * <p>A cast of an array already in the target type returns that same array, without calling libtorch, so
 * layers can cast their input without knowing what the previous layer produced. Skipping the call matters
 * for speed, not numerics ({@code to} of a tensor already in the type returns it): each module call costs
 * ~0.2 ms of Java, JNI and TorchScript overhead between libtorch's ops, against a bf16 training step of
 * ~100 ms on 2 cores (results/precision/bf16-profile.md). An array whose DJL type is {@code UNKNOWN} is taken
 * to be bfloat16: it is the only type DJL cannot name that tripletlab ever makes. Results belong
 * to the input's manager, like any op's. The modules are loaded once per process into a manager of
 * their own that lives as long as the process.
 */
public final class Bf16Casts {

    private Bf16Casts() {}

    /** Loaded on first use: a run in float32 never touches TorchScript. */
    private static final class Modules {
        static final NDManager MANAGER = NDManager.newBaseManager();
        static final PtSymbolBlock TO_BF16 = load("cast-bf16.pt");
        static final PtSymbolBlock TO_FP32 = load("cast-fp32.pt");
        static final PtSymbolBlock TO_BF16_CHANNELS_LAST = load("cast-bf16-cl.pt");
        static final ParameterStore STORE = new ParameterStore(MANAGER, false);

        private static PtSymbolBlock load(String resource) {
            try (InputStream in = Bf16Casts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the class path "
                            + "(src/main/resources/org/tripletlab/model/encoder; scripts/make_cast_modules.py writes it)");
                }
                // DJL's stream loader needs a seekable stream (a FileInputStream), which a resource in a jar is not:
                // go through a temporary file, deleted once loaded.
                Path file = Files.createTempFile("tripletlab-", "-" + resource);
                try {
                    Files.write(file, in.readAllBytes());
                    return JniUtils.loadModule((PtNDManager) MANAGER, file, false, new String[0], new String[0], false);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the TorchScript cast module " + resource, e);
            }
        }
    }

    /** x as bfloat16, differentiable; x itself if it is bfloat16 already. */
    public static NDArray toBf16(NDArray x) {
        return isBf16(x) ? x : cast(Modules.TO_BF16, x);
    }

    /**
     * A 4-D convolution weight as bfloat16 laid out channels-last, differentiable: the same values as
     * {@link #toBf16}, in the memory order libtorch's oneDNN convolution wants. Given a weight in DJL's default
     * layout, the convolution would otherwise copy it into channels-last on every call, in the forward and again in
     * the backward pass ({@code weight.contiguous(channels_last)} in {@code at::_convolution} and
     * {@code convolution_backward}); cast straight into that layout, it is used as it is. The gradient flows back
     * into the float32 weight as through {@link #toBf16}.
     */
    public static NDArray toBf16ChannelsLast(NDArray w) {
        return cast(Modules.TO_BF16_CHANNELS_LAST, w);
    }

    /** x as float32, differentiable; x itself if it is float32 already. */
    public static NDArray toFloat32(NDArray x) {
        return x.getDataType() == DataType.FLOAT32 ? x : cast(Modules.TO_FP32, x);
    }

    /** Whether x is bfloat16: DJL 0.36 reports a libtorch bfloat16 tensor as {@code UNKNOWN} (see the class comment). */
    static boolean isBf16(NDArray x) {
        DataType t = x.getDataType();
        return t == DataType.BFLOAT16 || t == DataType.UNKNOWN;
    }

    private static NDArray cast(PtSymbolBlock module, NDArray x) {
        // training = true: the module has no parameters and no train/eval-dependent ops; the flag only keeps
        // gradient recording on (DJL runs an eval-mode TorchScript forward without autograd). Outside a
        // gradient collector nothing is recorded either way.
        NDArray y = module.forward(Modules.STORE, new NDList(x), true).singletonOrThrow();
        y.attach(x.getManager());
        return y;
    }
}
