package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;
import org.tripletlab.data.TextLines;

/**
 * {@code celeba}: CelebA aligned images, {@code <celeba>/images/NNNNNN.jpg} with
 * {@code identity_CelebA.txt} lines {@code NNNNNN.jpg <identity number>}. Identities are
 * {@code celeba:<number>} (anonymous: no names to exclude). Every listed image must exist; a
 * malformed line or a missing image is an error naming the line.
 *
 * @param root the CelebA folder ({@code data.celeba.root})
 * @param crop crop box ({@code data.celeba.crop}) or null
 */
public record CelebaSource(String root, List<Integer> crop) implements NamedDataset {
    public static final Setting ROOT = SourceKeys.string("data.celeba.root", "celeba-10k",
            "celeba source: CelebA folder under the data root (images/, identity_CelebA.txt)");
    public static final Setting CROP = SourceKeys.crop("data.celeba.crop", List.of(9, 24, 71, 71),
            "celeba source: crop box in the 89×109 aligned images; the default frames the face like the lfw default crop (checked on a contact sheet)");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named("celeba",
            "CelebA aligned images under the data root (anonymous identities)")
            .key(NamedSources.EXCLUDE_NAMES).key(ROOT).key(CROP)
            .check(c -> SourceKeys.checkedCrop(c, CROP.path()))
            .build(c -> NamedSources.of(c, List.of(new CelebaSource(c.getString(ROOT.path()), c.getIntList(CROP.path())))));

    @Override
    public String name() {
        return "celeba";
    }

    @Override
    public SourceImages list(Path celeba) {
        Path images = celeba.resolve("images");
        Listing.requireDir(images, "CelebA's images/NNNNNN.jpg");
        TextLines in = TextLines.read(celeba.resolve("identity_CelebA.txt"), "CelebA identities 'NNNNNN.jpg <identity>'");
        List<SourceImages.Entry> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TextLines.Line line : in.all()) {
            in.expectFields(line, "'NNNNNN.jpg <identity>'", 2);
            String file = line.fields()[0];
            int id = in.intField(line, 1, 0, "identity");
            if (file.contains("/") || file.contains("\\") || !seen.add(file)) {
                throw in.error(line, "image name '" + file + "' is a path or listed twice");
            }
            Path f = images.resolve(file);
            if (!Files.isRegularFile(f)) {
                throw in.error(line, "image images/" + file + " does not exist (" + f.toAbsolutePath().normalize() + ")");
            }
            out.add(new SourceImages.Entry(f, "celeba:" + id, null, "celeba:images/" + file));
        }
        // identity order by number, images by file name within an identity
        List<SourceImages.Entry> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt((SourceImages.Entry e) -> Integer.parseInt(e.identity().substring(7)))
                .thenComparing(SourceImages.Entry::imageName));
        return new SourceImages("celeba", celeba, sorted, crop, "all");
    }
}
