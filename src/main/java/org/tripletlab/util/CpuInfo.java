package org.tripletlab.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU a run executed on, for its provenance: PyTorch picks its vector kernels (AVX2, AVX-512,
 * AMX …) from the CPU at run time, and differently vectorised sums round differently, so the same
 * config, seed and thread count can give other last digits on another CPU kind.
 */
public final class CpuInfo {
    /** Instruction-set flags that change which kernels PyTorch / oneDNN run, hence the rounding of sums. */
    static final List<String> NUMERIC_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8", "asimd", "sve");

    private CpuInfo() {
    }

    /**
     * {@code model} (the first "model name", or on ARM "CPU implementer/part"), {@code vendor},
     * {@code logical_cpus} and {@code numeric_flags} (which of {@link #NUMERIC_FLAGS} the CPU has),
     * read from {@code /proc/cpuinfo}; {@code model} is null with a {@code note} when it cannot be read.
     */
    public static Map<String, Object> describe() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", null);
            m.put("arch", System.getProperty("os.arch"));
            m.put("note", "/proc/cpuinfo not readable: " + e.getMessage());
            return m;
        }
    }

    /** Which of {@link #NUMERIC_FLAGS} this CPU has (empty when {@code /proc/cpuinfo} cannot be read). */
    @SuppressWarnings("unchecked")
    public static List<String> numericFlags() {
        Object flags = describe().get("numeric_flags");
        return flags instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** Parses the text of {@code /proc/cpuinfo}. */
    static Map<String, Object> parse(String text) {
        String model = null;
        String vendor = null;
        String implementer = null;
        String part = null;
        Set<String> flags = Set.of();
        int processors = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> model = model == null ? value : model;
                case "vendor_id" -> vendor = vendor == null ? value : vendor;
                case "CPU implementer" -> implementer = implementer == null ? value : implementer;
                case "CPU part" -> part = part == null ? value : part;
                case "flags", "Features" -> {
                    if (flags.isEmpty()) {
                        flags = Set.of(value.split("\\s+"));
                    }
                }
                default -> {
                }
            }
        }
        if (model == null && implementer != null) {
            model = "CPU implementer " + implementer + (part == null ? "" : ", part " + part);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("vendor", vendor);
        m.put("arch", System.getProperty("os.arch"));
        m.put("logical_cpus", processors);
        List<String> numeric = new ArrayList<>();
        for (String f : NUMERIC_FLAGS) {
            if (flags.contains(f)) {
                numeric.add(f);
            }
        }
        m.put("numeric_flags", numeric);
        if (model == null) {
            m.put("note", "no model name in /proc/cpuinfo");
        }
        return m;
    }
}
