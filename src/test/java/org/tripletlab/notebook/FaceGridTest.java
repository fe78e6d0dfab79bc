package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaceGridTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static BufferedImage grey(int size, int value) {
        byte[] px = new byte[size * size];
        java.util.Arrays.fill(px, (byte) value);
        return FaceGrid.face(px, size, 1);
    }

    @Test
    void greyAndRgbBytesBecomeTheSamePixels() {
        BufferedImage g = FaceGrid.face(new byte[] {0, (byte) 200, 10, (byte) 255}, 2, 1);
        assertEquals(0xc8c8c8, g.getRGB(1, 0) & 0xffffff);
        assertEquals(0xffffff, g.getRGB(1, 1) & 0xffffff);
        BufferedImage rgb = FaceGrid.face(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) 250, (byte) 251, (byte) 252}, 2, 3);
        assertEquals(0x040506, rgb.getRGB(1, 0) & 0xffffff);
        assertEquals(0xfafbfc, rgb.getRGB(1, 1) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> FaceGrid.face(new byte[5], 2, 1));
        assertThrows(IllegalArgumentException.class, () -> FaceGrid.face(new byte[8], 2, 2));
    }

    @Test
    void gridSizeFollowsColumnsTileAndLongestCaption() {
        List<FaceGrid.Tile> tiles = List.of(
                new FaceGrid.Tile(grey(16, 0), List.of("a"), null),
                new FaceGrid.Tile(grey(16, 0), List.of("b", "c", "d"), FaceGrid.CORRECT),
                new FaceGrid.Tile(grey(16, 0), List.of(), FaceGrid.WRONG));
        BufferedImage img = FaceGrid.render(tiles, 2, 40);
        // 2 columns of 40 + 2·6, 2 rows of 6 + 40 + 3·14 + 6
        assertEquals(2 * 52, img.getWidth());
        assertEquals(2 * 94, img.getHeight());
        assertEquals(FaceGrid.cellWidth(40) * 3, FaceGrid.render(tiles, 5, 40).getWidth(), "never more columns than tiles");
    }

    @Test
    void facesAreScaledIntoTheirCellAndFramed() {
        List<FaceGrid.Tile> tiles = List.of(new FaceGrid.Tile(grey(8, 0), List.of(), null),
                new FaceGrid.Tile(grey(8, 0), List.of(), FaceGrid.WRONG));
        BufferedImage img = FaceGrid.render(tiles, 2, 32);
        int pad = FaceGrid.PAD;
        assertEquals(0xffffff, img.getRGB(1, 1) & 0xffffff, "margin stays white");
        assertEquals(0x000000, img.getRGB(pad + 16, pad + 16) & 0xffffff, "a black face fills its tile centre");
        int x1 = FaceGrid.cellWidth(32);
        assertEquals(FaceGrid.WRONG.getRGB() & 0xffffff, img.getRGB(x1 + pad + 1, pad + 16) & 0xffffff, "frame on the face's edge");
        assertEquals(0x000000, img.getRGB(pad + 1, pad + 16) & 0xffffff, "no frame when none is asked for");
    }

    @Test
    void rejectsEmptyGridsAndTinyTiles() {
        assertThrows(IllegalArgumentException.class, () -> FaceGrid.render(List.of(), 2, 32));
        List<FaceGrid.Tile> one = List.of(new FaceGrid.Tile(grey(8, 0), List.of(), Color.BLUE));
        assertThrows(IllegalArgumentException.class, () -> FaceGrid.render(one, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> FaceGrid.render(one, 1, 4));
    }
}
