package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionChoiceTest {
    @Test
    void autoPicksBf16OnlyWhereTheCpuHasBfloat16Units() {
        assertEquals(Precision.BF16, PrecisionChoice.resolve("auto", List.of("avx2", "avx512f", "avx512_bf16")).precision());
        assertEquals(Precision.BF16, PrecisionChoice.resolve("auto", List.of("amx_tile", "amx_bf16")).precision());
        PrecisionChoice.Resolved amx = PrecisionChoice.resolve("auto", List.of("avx512_bf16", "amx_bf16"));
        assertTrue(amx.reason().contains("amx_bf16"), "AMX named first: " + amx.reason());
        PrecisionChoice.Resolved none = PrecisionChoice.resolve("auto", List.of("avx2", "avx512f", "avx512_vnni"));
        assertEquals(Precision.FP32, none.precision());
        assertTrue(none.reason().contains("avx512_bf16"), none.reason());
    }

    @Test
    void explicitValuesAreKeptWhateverTheCpu() {
        assertEquals(Precision.BF16, PrecisionChoice.resolve("bf16", List.of()).precision());
        assertEquals(Precision.FP32, PrecisionChoice.resolve("fp32", List.of("amx_bf16")).precision());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertTrue(e.getMessage().contains("fp32, bf16"), e.getMessage());
    }
}
