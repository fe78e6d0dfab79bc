package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;

/**
 * {@code celeba}: CelebA aligned images, {@code <celeba>/images/NNNNNN.jpg} with
 * {@code identity_CelebA.txt} lines {@code NNNNNN.jpg <identity number>}. Identities are
 * {@code celeba:<number>} (anonymous: no names to exclude), listed by {@link CelebaListing} as {@code celeba-test}
 * is. Every listed image must exist; a malformed line or a missing image is an error naming the line.
 *
 * @param root the CelebA folder ({@code data.celeba.root})
 * @param crop crop box ({@code data.celeba.crop}) or null
 */
public record CelebaSource(String root, List<Integer> crop) implements NamedDataset {
    public static final Setting ROOT = SourceKeys.string("data.celeba.root", "celeba-10k",
            "celeba source: CelebA folder under the data root (images/, identity_CelebA.txt)");
    public static final Setting CROP = SourceKeys.crop("data.celeba.crop", List.of(9, 24, 71, 71),
            "celeba source: crop box in the 89×109 aligned images; the default (kept for earlier runs' ids) shows the face smaller "
                    + "and lower than the lfw default crop does; [15, 35, 59, 59] frames it alike (measured: results/data/README.md; protocol v2)");

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
        return CelebaListing.list(name(), celeba, crop);
    }

    @Override
    public String identityNumbering() {
        return CelebaListing.NUMBERING;
    }
}
