package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figure header: a title or note wider than the figure is flowed onto more lines, never cut off. */
class SheetTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void aLongTitleOnAOnePanelFigureWrapsAtBlanksAndKeepsEveryWord() {
        String title = "Training per train.precision over three seeds of the outside-data protocol";
        String note = "Each line: mean over seeds 42-44 at each step, then a trailing mean over the last 17 steps (no look-ahead).";
        Sheet wide = new Sheet(title, List.of(note), List.of(new Chart("a")), 1, 2000, 300);
        Sheet narrow = new Sheet(title, List.of(note), List.of(new Chart("a")), 1, 300, 300);

        assertEquals(List.of(title), wide.titleLines());
        assertEquals(List.of(note), wide.noteLines());
        assertTrue(narrow.titleLines().size() >= 2, narrow.titleLines().toString());
        assertTrue(narrow.noteLines().size() >= 2, narrow.noteLines().toString());
        assertEquals(title, String.join(" ", narrow.titleLines()));
        assertEquals(note, String.join(" ", narrow.noteLines()));
        for (String line : narrow.titleLines()) {
            assertTrue(AwtCanvas.measure(line, Sheet.TITLE_FONT, true) <= 300 - 16, line);
        }
        // an identifier is never split: "train.precision" is whole on one of the lines
        assertTrue(narrow.titleLines().stream().anyMatch(l -> l.contains("train.precision")));
        // the header grows with the extra lines, and the image with it
        assertTrue(narrow.headerHeight() > wide.headerHeight());
        BufferedImage img = narrow.render();
        assertEquals(narrow.headerHeight() + 300, img.getHeight());
    }

    @Test
    void aWordWiderThanTheFigureGetsALineOfItsOwn() {
        List<String> lines = Sheet.wrap("see results/precision-v2/plots/validation-accuracy.svg now", Chart.FONT, false, 60);
        assertEquals(List.of("see", "results/precision-v2/plots/validation-accuracy.svg", "now"), lines);
    }
}
