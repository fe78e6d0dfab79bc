package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.run.Provenance;

class CpuInfoTest {
    @Test
    void readsModelAndTheFlagsThatChangeNumerics() {
        String x86 = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n"
                + "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_tile amx_bf16 ht\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nflags\t\t: fpu\n";
        Map<String, Object> m = CpuInfo.parse(x86);
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", m.get("model"));
        assertEquals("GenuineIntel", m.get("vendor"));
        assertEquals(2, m.get("logical_cpus"));
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16"), m.get("numeric_flags"));
        assertNull(m.get("note"));
    }

    @Test
    void armAndUnreadableAreDescribedNotFatal() {
        Map<String, Object> arm = CpuInfo.parse("processor\t: 0\nFeatures\t: fp asimd sve\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n");
        assertEquals("CPU implementer 0x41, part 0xd0c", arm.get("model"));
        assertEquals(List.of("asimd", "sve"), arm.get("numeric_flags"));
        Map<String, Object> empty = CpuInfo.parse("");
        assertNull(empty.get("model"));
        assertNotNull(empty.get("note"));
        assertTrue(CpuInfo.describe().containsKey("model"), "on any machine describe() answers");
    }

    @Test
    void provenanceRecordsTheCpu(@TempDir Path tmp) throws Exception {
        Provenance p = new Provenance();
        p.write(tmp.resolve("provenance.json"));
        String json = Files.readString(tmp.resolve("provenance.json"));
        assertTrue(json.contains("\"cpu\"") && json.contains("\"numeric_flags\""), json);
    }
}
