package org.tripletlab.data;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Dev utility, not a test: writes a contact sheet of {@link SyntheticFaces} to eyeball the look.
 * Rows are identities; the first column is the canonical face, then RGB images, then the same
 * images in grey. Run with {@code mvn -o test-compile exec:java} or straight from the IDE; args:
 * {@code [out.png] [seed] [identities] [images] [size]}.
 */
public final class ContactSheet {
    private ContactSheet() {}

    public static void main(String[] args) throws IOException {
        String out = args.length > 0 ? args[0] : "target/synthetic-contact-sheet.png";
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        int ids = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int imgs = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        SyntheticFaces faces = new SyntheticFaces(seed);
        int gap = 2;
        int cols = 1 + 2 * imgs;
        BufferedImage sheet = new BufferedImage(cols * (size + gap) + gap, ids * (size + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < ids; i++) {
            int y0 = gap + i * (size + gap);
            blit(sheet, faces.renderCanonical(i, size, 3), 3, size, gap, y0);
            for (int j = 0; j < imgs; j++) {
                blit(sheet, faces.render(i, j, size, 3), 3, size, gap + (1 + j) * (size + gap), y0);
                blit(sheet, faces.render(i, j, size, 1), 1, size, gap + (1 + imgs + j) * (size + gap), y0);
            }
        }
        File f = new File(out);
        if (f.getParentFile() != null) {
            f.getParentFile().mkdirs();
        }
        ImageIO.write(sheet, "png", f);
        System.out.println("wrote " + f);
    }

    private static void blit(BufferedImage dst, byte[] px, int ch, int size, int x0, int y0) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int o = (y * size + x) * ch;
                int r = px[o] & 0xFF;
                int g = ch == 3 ? px[o + 1] & 0xFF : r;
                int b = ch == 3 ? px[o + 2] & 0xFF : r;
                dst.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
            }
        }
    }
}
