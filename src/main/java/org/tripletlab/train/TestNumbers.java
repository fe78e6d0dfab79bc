package org.tripletlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Whether a run's number on a benchmark is a test number: a run that trained or validated on some of a
 * benchmark's test identities records why under {@value #KEY} in its {@code provenance.json}
 * (benchmark → reason; written by {@link TestIdentityCheck}, or added to committed runs afterwards).
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
        Path file = runDir.resolve("provenance.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Object root;
        try {
            // JSON is YAML: SnakeYAML's safe loader reads provenance without another dependency (as report.RunResult does).
            LoaderOptions lo = new LoaderOptions();
            lo.setCodePointLimit(256 * 1024 * 1024);
            root = new Yaml(new SafeConstructor(lo)).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root instanceof Map<?, ?> m && m.get(KEY) instanceof Map<?, ?> reasons) {
            Object r = reasons.get(benchmark);
            return r == null ? null : String.valueOf(r);
        }
        return null;
    }
}
