package org.tripletlab.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tripletlab.data.protocol.CfpFolds;

/**
 * CFP's ten folds on the real protocol files (under $TRIPLETLAB_DATA_ROOT, else ../shared/datasets; skipped without
 * them): identity-disjoint, each fold the same 50 people in FF and FP ({@link CfpFolds#read} refuses anything else), fold k
 * being ids 50(k − 1) + 1 … 50k; and the listing {@code data.cfp.folds: [1..9]} trains on, without reading an image:
 * 450 people with 14 images each (10 frontal, 4 profile), none of fold 10's.
 */
class CfpFoldsRealDataTest {
    @Test
    void cfpFoldsAreIdentityDisjointAndNineFoldsLeaveTheTenthOut() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        Path root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        Path cfp = root.resolve("cfp");
        assumeTrue(Files.isDirectory(cfp.resolve("Protocol/Split/FP")), "CFP not found under " + root.toAbsolutePath()
                + " (set TRIPLETLAB_DATA_ROOT)");
        CfpFolds folds = CfpFolds.read(cfp);
        assertEquals(10, folds.count());
        for (int k = 1; k <= 10; k++) {
            Set<String> expected = new TreeSet<>();
            IntStream.rangeClosed(50 * (k - 1) + 1, 50 * k).forEach(i -> expected.add(String.format("%03d", i)));
            assertEquals(expected, folds.ids().get(k - 1), "fold " + k);
        }

        List<Integer> nine = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
        SourceImages listed = new CfpSource("cfp", null, "both", null, nine).list(cfp);
        assertEquals(450 * 14, listed.entries().size());
        Set<String> people = new TreeSet<>();
        for (SourceImages.Entry e : listed.entries()) {
            String id = e.file().getParent().getParent().getFileName().toString();
            assertTrue(!folds.ids().get(9).contains(id), "fold 10's person " + id + " is listed for training");
            people.add(id);
        }
        assertEquals(folds.idsOf(nine), people);
    }
}
