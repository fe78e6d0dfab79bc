package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;

/** The LFW one-shot table of notebook 04 from the committed results. */
class OneShotResultsTest {
    @Test
    void evaluatedRunsAndThePixelFloorAreRankedBestFirstAndNonTestNumbersApart() {
        OneShotResults r = OneShotResults.of(Path.of("results"));
        assertTrue(r.table().rowCount() >= 2, r.table().print());
        assertTrue(r.table().stringColumn("run").asList().contains("baselines/pixels (raw pixels)"));
        assertTrue(r.galleryPeople() > 100, String.valueOf(r.galleryPeople()));
        DoubleColumn rank1 = r.table().doubleColumn("LFW one-shot rank-1");
        for (int i = 1; i < rank1.size(); i++) {
            assertTrue(rank1.get(i - 1) >= rank1.get(i), r.table().print());
        }
        for (String notRanked : r.notRanked().keySet()) {
            assertTrue(!r.table().stringColumn("run").asList().contains(notRanked), notRanked);
        }
        String html = r.show(42);
        assertTrue(html.contains("(the live test above: 42)") && html.contains("<table"), html);
    }
}
