package org.tripletlab.model.encoder;

import java.util.List;
import java.util.Optional;
import org.tripletlab.util.CpuInfo;

/**
 * Resolves a config's precision value ({@code fp32}, {@code bf16} or {@code auto}) to a {@link Precision}.
 *
 * <p>{@code auto} means bf16 when the CPU has bfloat16 arithmetic units — AMX ({@code amx_bf16}) or
 * AVX-512 BF16 ({@code avx512_bf16}) in {@code /proc/cpuinfo} — and fp32 otherwise. Without those units
 * PyTorch still runs bfloat16, but by converting to float32 around every multiply, which is slower than
 * float32 itself. The choice is made when a config is read, so a run's resolved {@code config.yaml} (and
 * its id) records the precision it really ran in, never {@code auto}.
 */
public final class PrecisionChoice {
    /** The config value that asks for the CPU's choice. */
    public static final String AUTO = "auto";
    /** The values the precision keys accept, in the order help lists them. */
    public static final List<String> VALUES = List.of("fp32", "bf16", AUTO);
    /** The CPU flags that make bf16 worth it, strongest first. */
    static final List<String> BF16_FLAGS = List.of("amx_bf16", "avx512_bf16");

    private PrecisionChoice() {}

    /** A resolved value and, for {@code auto}, why. */
    public record Resolved(Precision precision, String reason) {}

    /** Resolves {@code value} on this machine's CPU. */
    public static Resolved resolve(String value) {
        return resolve(value, CpuInfo.numericFlags());
    }

    /** Resolves {@code value} for a CPU with {@code cpuFlags} (the {@code /proc/cpuinfo} flags). */
    static Resolved resolve(String value, List<String> cpuFlags) {
        if (!AUTO.equals(value)) {
            return new Resolved(Precision.parse(value), value + " as configured");
        }
        Optional<String> unit = BF16_FLAGS.stream().filter(cpuFlags::contains).findFirst();
        return unit.map(f -> new Resolved(Precision.BF16, "auto: the CPU reports " + f))
                .orElseGet(() -> new Resolved(Precision.FP32, "auto: the CPU reports neither " + String.join(" nor ", BF16_FLAGS)));
    }
}
