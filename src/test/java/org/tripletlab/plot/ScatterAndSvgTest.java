package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ScatterAndSvgTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Three people of 4 points each, as the projection plot draws them. */
    static Chart threePeople() {
        double[] xs = {0, 0.1, 0.2, 0.1, 5, 5.1, 5.2, 5.1, 2.5, 2.6, 2.4, 2.5};
        double[] ys = {0, 0.1, 0, -0.1, 0, 0.1, 0, -0.1, 4, 4.1, 3.9, 4};
        IdentitySample sample = new IdentitySample(List.of("lfw:Ann_Lee", "lfw:Bo_&_<Co>", "lfw:Cy"),
                List.of(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}, new int[] {8, 9, 10, 11}));
        return EmbeddingProjection.chart("fixture: PCA", new Projection(xs, ys, "PCA", new double[] {0.7, 0.2}), sample);
    }

    static int pixelsOf(BufferedImage img, Color c, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void scatterPngHasTheSizeAndEachPersonsColourInPlotAndLegend(@TempDir Path dir) throws Exception {
        Chart c = threePeople().legendOutside(true);
        assertEquals(3, c.points().size());
        assertEquals("Ann Lee (4)", c.points().get(0).name());
        Path f = Chart.writeGrid(dir, "projection-lfw", "png", List.of(c), 1, 600, 400);
        assertEquals(dir.resolve("projection-lfw.png"), f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        // the legend sits right of the plot: find where the plot frame ends (its right edge is the last black column in the middle row)
        int frameRight = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            if (img.getRGB(x, 200) == Color.BLACK.getRGB()) {
                frameRight = x;
            }
        }
        assertTrue(frameRight > 300 && frameRight < 560, "frame right edge at " + frameRight);
        for (int k = 0; k < 3; k++) {
            Color col = Chart.GROUP_COLOURS[k];
            assertTrue(pixelsOf(img, col, 0, frameRight) >= 4 * 5, "person " + k + " has 4 markers in the plot");
            assertTrue(pixelsOf(img, col, frameRight, img.getWidth()) >= 3, "person " + k + " has a legend marker");
        }
        assertEquals(0, pixelsOf(img, Chart.GROUP_COLOURS[3], 0, img.getWidth()), "no fourth colour");
    }

    @Test
    void theSameChartAsSvgIsWellFormedWithOneCirclePerPointAndLegendEntry(@TempDir Path dir) throws Exception {
        Path f = Chart.writeGrid(dir, "projection-lfw", "svg", List.of(threePeople().legendOutside(true)), 2, 600, 400);
        assertEquals(dir.resolve("projection-lfw.svg"), f);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        Element svg = doc.getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals("http://www.w3.org/2000/svg", svg.getAttribute("xmlns"));
        assertEquals("600", svg.getAttribute("width"), "one chart: one column even when two are allowed");
        assertEquals("400", svg.getAttribute("height"));
        NodeList circles = doc.getElementsByTagName("circle");
        assertEquals(12 + 3, circles.getLength(), "12 points and 3 legend markers");
        int first = 0;
        String firstColour = String.format("#%06x", Chart.GROUP_COLOURS[0].getRGB() & 0xffffff);
        for (int i = 0; i < circles.getLength(); i++) {
            if (((Element) circles.item(i)).getAttribute("fill").equals(firstColour)) {
                first++;
            }
        }
        assertEquals(4 + 1, first, "the first person's colour on its 4 points and its legend marker");
        // text survives escaping: the parsed document reads the name back as written
        boolean found = false;
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            found |= texts.item(i).getTextContent().equals("Bo & <Co> (4)");
        }
        assertTrue(found, "legend text with & and < intact");
        assertTrue(doc.getElementsByTagName("clipPath").getLength() >= 1, "points clipped to the plot area");
    }

    @Test
    void lineChartsDrawTheSameElementsAsSvg(@TempDir Path dir) throws Exception {
        Chart c = new Chart("test").xLabel("x").yLabel("y")
                .add("up", new double[] {0, 1, Double.NaN, 3, 4}, new double[] {0, 1, 4, 9, 16})
                .add(new Chart.Series("dashed", new double[] {0, 4}, new double[] {2, 2}, Color.RED, true, 1f));
        Path f = dir.resolve("c.svg");
        c.writeSvg(f, 320, 200);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        NodeList lines = doc.getElementsByTagName("polyline");
        // "up" is broken by the NaN into two runs of two points; "dashed" is one
        assertEquals(3, lines.getLength());
        assertEquals("6 4", ((Element) lines.item(2)).getAttribute("stroke-dasharray"));
        NodeList texts = doc.getElementsByTagName("text");
        boolean yLabelRotated = false;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            yLabelRotated |= t.getTextContent().equals("y") && t.getAttribute("transform").startsWith("rotate(-90 ");
        }
        assertTrue(yLabelRotated, "y-axis label turned a quarter counter-clockwise");
    }
}
