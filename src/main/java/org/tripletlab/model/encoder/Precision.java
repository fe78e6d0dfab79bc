package org.tripletlab.model.encoder;

import java.util.Locale;

/**
 * The arithmetic an encoder's convolutions run in.
 *
 * <ul>
 *   <li>{@link #FP32}: everything in float32.</li>
 *   <li>{@link #BF16}: mixed precision. The parameters (the optimiser's master copy), their gradients
 *       and the optimiser state stay float32; every convolution casts its input and weight to bfloat16
 *       and its output stays bfloat16, so batch norm (float32 γ, β and running statistics, statistics
 *       accumulated in float32), ReLU and pooling read and write bfloat16 activations, as PyTorch's CPU
 *       autocast does. After the global pool the activations go back to float32: the embedding Linear,
 *       the L2 normalisation, distances, mining and the loss are float32. bfloat16 keeps float32's
 *       exponent range with an 8-bit mantissa (relative rounding error ≤ 2⁻⁹ ≈ 0.2 %), so no loss
 *       scaling is needed.</li>
 * </ul>
 *
 * <p>Parameters are float32 in both, so a checkpoint trained in one precision loads and evaluates in
 * the other.
 */
public enum Precision {
    FP32,
    BF16;

    /** The config spelling: {@code fp32} or {@code bf16}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for anything but {@code fp32} or {@code bf16} ({@code auto} is
     *     resolved by {@link PrecisionChoice} before a precision is built)
     */
    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "'; known: fp32, bf16");
    }
}
