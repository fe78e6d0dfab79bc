package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;

/**
 * {@code celeba-test}: CelebA's test split (images 182638–202599; 17,476 images of 998 identities in the shared
 * copy, median 19 images per identity), laid out as {@code celeba} is ({@code images/NNNNNN.jpg},
 * {@code identity_CelebA.txt}) and listed by the same {@link CelebaListing}. Identities are
 * {@code celeba-test:<number>} in CelebA's numbering; CelebA's splits are identity-disjoint, and
 * {@link TrainingSources#list} checks it whenever this source is loaded with {@code celeba}.
 *
 * <p>The images are loose detector crops (not CelebA's aligned images), stored with the longer side at 112 px,
 * 92–112 px wide. The default crop {@code [18, 22, 74, 74]} (the datasets README's) fits every image and frames
 * the face as the lfw default crop does: the median eye distance and eye line are within 1 px of LFW's
 * ({@code results/data/README.md}, measured on validation identities and LFW View 1).
 *
 * @param root the folder ({@code data.celeba-test.root})
 * @param crop crop box ({@code data.celeba-test.crop}) or null
 */
public record CelebaTestSource(String root, List<Integer> crop) implements NamedDataset {
    /** The source's name. */
    public static final String NAME = "celeba-test";

    public static final Setting ROOT = SourceKeys.string("data.celeba-test.root", "celeba-test",
            "celeba-test source: CelebA test-split folder under the data root (images/, identity_CelebA.txt)");
    public static final Setting CROP = SourceKeys.crop("data.celeba-test.crop", List.of(18, 22, 74, 74),
            "celeba-test source: crop box in the stored images (longer side 112 px, 92–112 px wide); the default fits "
                    + "every image and frames the face like the lfw default crop (measured with a face and eye detector)");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named(NAME,
            "CelebA's test split under the data root: ~17 images per identity, identity-disjoint from celeba (anonymous identities)")
            .key(NamedSources.EXCLUDE_NAMES).newKey(ROOT).newKey(CROP)
            .check(c -> SourceKeys.checkedCrop(c, CROP.path()))
            .build(c -> NamedSources.of(c, List.of(new CelebaTestSource(c.getString(ROOT.path()), c.getIntList(CROP.path())))));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceImages list(Path folder) {
        return CelebaListing.list(NAME, folder, crop);
    }

    @Override
    public String identityNumbering() {
        return CelebaListing.NUMBERING;
    }
}
