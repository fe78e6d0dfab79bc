package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Pixels that are not the background inside the rectangle (x0, y0)–(x1, y1). */
    static int inked(BufferedImage img, int x0, int y0, int x1, int y1) {
        int bg = Chart.BACKGROUND.getRGB();
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (img.getRGB(x, y) != bg) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void writesADecodablePngWithTheLineInThePlotArea(@TempDir Path dir) throws Exception {
        Chart c = new Chart("test").xLabel("x").yLabel("y")
                .add("up", new double[] {0, 1, 2, 3}, new double[] {0, 1, 4, 9})
                .add("flat", new double[] {0, 3}, new double[] {2, 2});
        Path f = dir.resolve("sub/chart.png");
        c.writePng(f, 320, 200);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(320, img.getWidth());
        assertEquals(200, img.getHeight());
        // inside the plot frame (left margin 58, top 26, right 12, bottom 38), away from the frame itself
        assertTrue(inked(img, 62, 30, 300, 158) > 100, "series drawn in the plot area");
    }

    @Test
    void aTitleWiderThanThePanelWrapsAtSpacesInsteadOfRunningIntoTheNextPanel() {
        String title = "semi-hard, P×K 450×4, lr warm-up 15 steps, 320 steps, epoch 10";
        SvgCanvas svg = new SvgCanvas(300, 210, java.awt.Color.WHITE);
        new Chart(title).add("a", new double[] {0, 1}, new double[] {0, 1}).draw(svg, 0, 0, 300, 210);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg.document());
        java.util.List<String> texts = new java.util.ArrayList<>();
        while (m.find()) {
            texts.add(m.group(1));
        }
        java.util.List<String> lines = Chart.wrap(svg, title, 12, 292);
        assertTrue(lines.size() >= 2, lines.toString());
        assertEquals(title, String.join(" ", lines), "nothing lost, broken only at spaces");
        for (String line : lines) {
            assertTrue(svg.textWidth(line, 12, true) <= 292, line);
            assertTrue(texts.contains(SvgCanvas.escape(line)), "drawn: " + line + " in " + texts);
        }
        assertEquals(java.util.List.of("short"), Chart.wrap(svg, "short", 12, 292));
    }

    /**
     * The plot sits right of the panel's centre (the y axis takes the left margin), so a title line nearly as wide as
     * the panel, centred over the plot, ran past the panel's right edge into the next panel: every title line lies
     * inside its panel, here the second of two side by side.
     */
    @Test
    void everyTitleLineStaysInsideItsPanel() {
        SvgCanvas svg = new SvgCanvas(600, 210, java.awt.Color.WHITE);
        String title = "Training loss, encoder.architecture = inception-small, 3480 steps, lr warm-up 145 steps";
        new Chart(title).add("a", new double[] {0, 1}, new double[] {0, 1}).draw(svg, 300, 0, 300, 210);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<text x=\"([0-9.]+)\"[^>]*font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\"[^>]*>([^<]*)</text>")
                .matcher(svg.document());
        int lines = 0;
        while (m.find()) {
            double middle = Double.parseDouble(m.group(1));
            double w = svg.textWidth(m.group(2), 12, true);
            assertTrue(middle - w / 2 >= 300 && middle + w / 2 <= 600, m.group(2) + " spans " + (middle - w / 2) + "–" + (middle + w / 2) + ", the panel 300–600");
            lines++;
        }
        assertTrue(lines >= 2, "the title wraps: " + svg.document());
    }

    @Test
    void emptyAndLogChartsStillRender() {
        BufferedImage empty = new Chart("").render(200, 150);
        assertEquals(200, empty.getWidth());
        BufferedImage log = new Chart("roc").logX(true).xRange(1e-4, 1).yRange(0, 1)
                .add("r", new double[] {0, 1e-3, 1e-2, 1}, new double[] {0, 0.5, 0.8, 1}).render(300, 200);
        assertTrue(inked(log, 62, 30, 285, 158) > 50);
    }

    @Test
    void histogramPanelsShareOneImage() {
        double[] starts = {0, 0.5, 1, 1.5};
        Chart a = Histograms.panel("e1", starts, Map.of("ap", new double[] {5, 3, 1, 0}), Map.of());
        Chart b = Histograms.panel("e2", starts, Map.of("an", new double[] {0, 1, 3, 5}), Map.of());
        BufferedImage img = Chart.grid(List.of(a, b), 2, 200, 150);
        assertEquals(400, img.getWidth());
        assertEquals(150, img.getHeight());
        assertTrue(inked(img, 262, 30, 385, 110) > 20, "second panel drawn");
    }

    @Test
    void simplifiedLinesDropOnlyVerticesOnAStraightAxisAlignedRun() {
        List<double[]> stairs = List.of(new double[] {0, 10}, new double[] {1, 10}, new double[] {2, 10}, new double[] {2, 9},
                new double[] {2, 8}, new double[] {2, 8}, new double[] {3, 7});
        List<double[]> s = Chart.simplified(stairs);
        assertEquals(List.of("0,10", "2,10", "2,8", "3,7"), s.stream().map(p -> (int) p[0] + "," + (int) p[1]).toList(),
                "corners and the diagonal end kept, middle points of the runs and the repeat dropped");
    }

    @Test
    void trailingMeanSkipsGapsAndNeverLooksAhead() {
        double[] m = RunPlots.trailingMean(new double[] {1, Double.NaN, 3, 5, 7}, 3);
        assertEquals(1, m[0], 1e-12, "step 0 is its own value: no later steps pulled in (the centred window's edge effect)");
        assertEquals(1, m[1], 1e-12, "the gap is skipped");
        assertEquals(2, m[2], 1e-12);
        assertEquals(4, m[3], 1e-12, "(3 + 5) / 2: the NaN left the window's count");
        assertEquals(5, m[4], 1e-12, "the last 3 points");
    }
}
