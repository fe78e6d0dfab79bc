package org.tripletlab.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedRocTest {
    @Test
    void keepsOnlyRowsOfTwoFiniteNumbersTprFirstAndSortsByFpr() {
        String text = String.join("\n",
                "% false positive rate; true positive rate",
                "0.0000 NaN",
                "NaN NaN",
                "",
                "1.0 1.0",
                "0.9\t0.1",
                "0.5 0.02 0.7",        // three columns: skipped
                "0.95, 0.3",           // comma separated: accepted
                "0.2 Inf",
                "  0.0   0.0  \r",
                "x y");
        PublishedRoc.Curve c = PublishedRoc.parse("demo", text);
        assertEquals("demo", c.name());
        assertEquals(List.of(new PublishedRoc.Point(0.0, 0.0), new PublishedRoc.Point(0.1, 0.9),
                new PublishedRoc.Point(0.3, 0.95), new PublishedRoc.Point(1.0, 1.0)), c.points());
        assertEquals(6, c.skippedLines(), "header, 2 NaN rows, 3 columns, Inf, x y");
        // trapezoids: 0.1·0.45 + 0.2·0.925 + 0.7·0.975
        assertEquals(0.045 + 0.185 + 0.6825, c.auc(), 1e-12);
    }

    @Test
    void readAllNamesCurvesByFileAndLeavesOutFilesWithoutPoints(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Eigen_faces.txt"), "NaN NaN\n0 0\n1 1\n");
        Files.writeString(dir.resolve("BaiduIDLFinal.TPFP"), "1.0 1.0\r\n0.5 0.0\r\n");
        Files.writeString(dir.resolve("single-column.txt"), "false\n0.1\n0.2\n");
        Files.write(dir.resolve("binary.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 10});
        Files.writeString(dir.resolve("notes.md"), "0 0\n");
        List<PublishedRoc.Curve> curves = PublishedRoc.readAll(dir);
        assertEquals(List.of("BaiduIDLFinal", "Eigen_faces"), curves.stream().map(PublishedRoc.Curve::name).toList());
        assertEquals(new PublishedRoc.Point(0.0, 0.5), curves.get(0).points().get(0));
        assertTrue(curves.get(1).auc() > 0.49 && curves.get(1).auc() < 0.51);
    }
}
