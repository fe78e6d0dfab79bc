package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Result files record paths relative to the results root and the data root, never the writing machine's absolute paths. */
class PortablePathsTest {
    @Test
    void pathsAreRelative() {
        assertEquals("lfw-outside-data/b719fb108c1b", PortablePaths.run(Path.of("/somewhere/results/lfw-outside-data/b719fb108c1b")));
        assertEquals("<data-root>", PortablePaths.dataRoot(Path.of("/data/sets")));
        assertNull(PortablePaths.dataRoot(null));
        assertEquals("sources celeba (<data-root>/celeba-10k, all) + cfp (<data-root>/cfp, poses=both)",
                PortablePaths.underDataRoot("sources celeba (/data/sets/celeba-10k, all) + cfp (/data/sets/cfp, poses=both)", Path.of("/data/sets/")));
        assertEquals("synthetic (400 identities)", PortablePaths.underDataRoot("synthetic (400 identities)", null));
        assertEquals("experiments/sweeps/a.yaml", PortablePaths.relativeTo(Path.of("/p/experiments/sweeps/a.yaml"), Path.of("/p")));
        assertEquals("a.yaml", PortablePaths.relativeTo(Path.of("/elsewhere/a.yaml"), Path.of("/p")));
    }

    private static final Pattern ABSOLUTE = Pattern.compile("(?<![\\w.<>~-])/(?:work|home|tmp|Users|root|mnt|scratch)/[^\\s\"',)]*");

    @Test
    void committedResultFilesHoldNoMachinePaths() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("results"))) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(json|yaml|csv|md|txt)$"))::iterator) {
                Matcher m = ABSOLUTE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                if (m.find()) {
                    found.add(f + ": " + m.group());
                }
            }
        }
        assertTrue(found.isEmpty(), found.size() + " committed files hold absolute paths, e.g. " + found.subList(0, Math.min(5, found.size())));
    }

    @Test
    void evaluationRunFieldsNameTheirRunRelativeToTheResultsRoot() throws IOException {
        Path results = Path.of("results");
        int checked = 0;
        try (Stream<Path> s = Files.walk(results)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("eval")
                    && p.toString().endsWith(".json"))::iterator) {
                LoaderOptions lo = new LoaderOptions();
                lo.setCodePointLimit(256 * 1024 * 1024);
                Map<?, ?> json = (Map<?, ?>) new Yaml(new SafeConstructor(lo)).load(Files.readString(f, StandardCharsets.UTF_8));
                Object run = json.get("run");
                if (run != null) {
                    assertEquals(f.getParent().getParent(), results.resolve(String.valueOf(run)), f + ": run " + run);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 85, "checked " + checked);
    }
}
