package org.tripletlab.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.tripletlab.data.FaceDataset;

/**
 * A grid of face images, each with a coloured frame and a few caption lines under it, drawn into one
 * image for a notebook (the kernel shows a {@link BufferedImage} cell value as a PNG).
 *
 * <p>Layout: every cell is {@code tile + 2·PAD} pixels wide and {@code PAD + tile + lines·LINE + PAD}
 * high, where {@code lines} is the longest caption in the grid, so captions line up across a row.
 * The grid has {@code min(columns, tiles)} columns and {@code ⌈tiles / columns⌉} rows.
 */
public final class FaceGrid {
    /** Margin around each face, in pixels; the frame is drawn inside it. */
    public static final int PAD = 6;
    /** Height of one caption line, in pixels. */
    public static final int LINE = 14;
    public static final Color CORRECT = new Color(0x2ca02c);
    public static final Color WRONG = new Color(0xd62728);

    /** One face: the image (scaled to the tile size), caption lines, and a frame colour (null: none). */
    public record Tile(BufferedImage image, List<String> caption, Color frame) {
        public Tile {
            if (image == null) {
                throw new IllegalArgumentException("a tile needs an image");
            }
            caption = caption == null ? List.of() : List.copyOf(caption);
        }
    }

    private FaceGrid() {
    }

    /** Width in pixels of one grid cell for faces drawn {@code tile} pixels wide. */
    public static int cellWidth(int tile) {
        return tile + 2 * PAD;
    }

    /** Height in pixels of one grid cell with {@code lines} caption lines. */
    public static int cellHeight(int tile, int lines) {
        return PAD + tile + lines * LINE + PAD;
    }

    /** Image {@code image} of a dataset as a picture (grey or RGB, HWC bytes). */
    public static BufferedImage face(FaceDataset ds, int image) {
        if (image < 0 || image >= ds.size()) {
            throw new IndexOutOfBoundsException("image " + image + " outside 0.." + (ds.size() - 1) + " of " + ds.description());
        }
        int per = ds.imageBytes();
        byte[] one = new byte[per];
        System.arraycopy(ds.pixels(), image * per, one, 0, per);
        return face(one, ds.imageSize(), ds.channels());
    }

    /** {@code size × size × channels} unsigned bytes in HWC order (1 = grey, 3 = RGB) as a picture. */
    public static BufferedImage face(byte[] hwc, int size, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (hwc.length != size * size * channels) {
            throw new IllegalArgumentException(hwc.length + " bytes is not " + size + "×" + size + "×" + channels);
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = (y * size + x) * channels;
                int r = hwc[p] & 0xff;
                int g = channels == 3 ? hwc[p + 1] & 0xff : r;
                int b = channels == 3 ? hwc[p + 2] & 0xff : r;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** The tiles in rows of {@code columns}, faces scaled to {@code tile × tile} pixels. */
    public static BufferedImage render(List<Tile> tiles, int columns, int tile) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no faces to draw");
        }
        if (columns < 1 || tile < 8) {
            throw new IllegalArgumentException("need columns ≥ 1 and tile ≥ 8 pixels, got " + columns + " and " + tile);
        }
        int lines = tiles.stream().mapToInt(t -> t.caption().size()).max().orElse(0);
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + columns - 1) / columns;
        int cw = cellWidth(tile);
        int ch = cellHeight(tile, lines);
        BufferedImage out = new BufferedImage(cols * cw, rows * ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x0 = (i % columns) * cw;
            int y0 = (i / columns) * ch;
            g.drawImage(t.image(), x0 + PAD, y0 + PAD, tile, tile, null);
            if (t.frame() != null) {
                // Drawn over the face's edge rather than around it, so frames never touch a neighbour.
                g.setColor(t.frame());
                g.setStroke(new BasicStroke(3f));
                g.drawRect(x0 + PAD + 1, y0 + PAD + 1, tile - 3, tile - 3);
            }
            g.setColor(Color.BLACK);
            for (int l = 0; l < t.caption().size(); l++) {
                String s = fit(t.caption().get(l), fm, cw - 2);
                g.drawString(s, x0 + (cw - fm.stringWidth(s)) / 2, y0 + PAD + tile + (l + 1) * LINE - 2);
            }
        }
        g.dispose();
        return out;
    }

    /** The text, cut and ended with an ellipsis when wider than {@code width} pixels. */
    static String fit(String s, FontMetrics fm, int width) {
        if (s == null) {
            return "";
        }
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        int n = s.length();
        while (n > 0 && fm.stringWidth(s.substring(0, n) + "…") > width) {
            n--;
        }
        return s.substring(0, n) + "…";
    }
}
