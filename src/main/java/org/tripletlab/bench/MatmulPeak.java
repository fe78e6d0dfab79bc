package org.tripletlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tripletlab.model.encoder.Bf16Casts;
import org.tripletlab.model.encoder.Precision;

/**
 * The practical compute peak of this CPU through libtorch: GFLOP/s of a long square matrix product
 * C = A·B (n³ multiply–adds, 2n³ FLOPs), in float32 or in bfloat16 (inputs cast once, products accumulated
 * in float32 by oneDNN/MKL's bf16 kernels, output bfloat16). Encoders' img/s are put against it as a share:
 * training costs about 3× the forward FLOPs (forward, input gradient, weight gradient).
 */
public final class MatmulPeak {
    private MatmulPeak() {}

    /**
     * GFLOP/s of {@code repeats} products of two n×n matrices after three untimed ones.
     *
     * @param n the side; 2048 is long enough for the kernels to reach steady state on 2 cores
     */
    public static double gflops(Precision precision, int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            if (precision == Precision.BF16) {
                a = Bf16Casts.toBf16(a);
                b = Bf16Casts.toBf16(b);
            }
            for (int i = 0; i < 3; i++) { // warm-up: kernel selection, page faults, clock ramp
                try (NDManager warm = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(warm);
                    sync(c);
                }
            }
            long t = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(step);
                    sync(c);
                }
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            return 2.0 * n * n * (double) n * repeats / seconds / 1e9;
        }
    }

    /** Reads one element, so the product is certainly computed (libtorch on CPU is synchronous; this is cheap insurance). */
    private static void sync(NDArray c) {
        Bf16Casts.toFloat32(c.get(0, 0)).getFloat();
    }
}
