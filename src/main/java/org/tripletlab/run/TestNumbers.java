package org.tripletlab.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tripletlab.util.FileReads;

/**
 * Whether a run's number on a benchmark is a test number: a run that trained or validated on some of a
 * benchmark's test identities records why under {@value #KEY} in its {@code provenance.json}
 * (benchmark → reason; written by {@code train.TestIdentityCheck}, or added to committed runs afterwards).
 * A benchmark absent from that map, or a run without the map, gives test numbers.
 */
public final class TestNumbers {
    /** The provenance key: a map benchmark → reason its numbers are not test numbers. */
    public static final String KEY = "not_a_test_number";

    private TestNumbers() {
    }

    /**
     * The reason recorded in {@code <runDir>/provenance.json} under {@value #KEY} for {@code benchmark}
     * (e.g. {@code "lfw"}, {@code "cfp-fp"}), or null when the run's numbers on it are test numbers
     * (nothing recorded, or no provenance.json at all).
     */
    public static String reasonNotTestNumber(Path runDir, String benchmark) {
        Path file = runDir.resolve(RunFiles.PROVENANCE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<?, ?> m = FileReads.jsonObject(file, FileReads.RUN_FILE_FIX);
        if (m.get(KEY) instanceof Map<?, ?> reasons) {
            Object r = reasons.get(benchmark);
            return r == null ? null : String.valueOf(r);
        }
        return null;
    }
}
