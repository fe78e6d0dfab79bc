package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.CfpFolds;
import org.tripletlab.data.protocol.CfpNames;

/**
 * {@code cfp}: CFP images, {@code <cfp>/Data/Images/<id>/{frontal,profile}/NN.jpg}, identities
 * {@code cfp:<name>} with the name from {@code Data/list_name.txt} (the id when it has none).
 *
 * @param root the CFP folder ({@code data.cfp.root})
 * @param crop crop box ({@code data.cfp.crop}) or null
 * @param poses {@code both}, {@code frontal} or {@code profile} ({@code data.cfp.poses})
 * @param aliases alias table ({@code CFP name<TAB>LFW name}) that name exclusion honours, or null ({@code data.cfp.aliases})
 * @param folds the people of these verification folds (1–10, {@link CfpFolds}: identity-disjoint, checked when read), or
 *     null for everyone ({@code data.cfp.folds}); e.g. folds 1–9 to test on fold 10's CFP-FP and CFP-FF pairs
 */
public record CfpSource(String root, List<Integer> crop, String poses, String aliases, List<Integer> folds) implements NamedDataset {
    /** The source's name. */
    public static final String NAME = "cfp";

    public static final Setting ROOT = SourceKeys.string("data.cfp.root", "cfp",
            "cfp source: CFP folder under the data root (Data/Images/<id>/{frontal,profile}, Data/list_name.txt)");
    public static final Setting CROP = SourceKeys.crop("data.cfp.crop", null,
            "cfp source: crop box; null = whole image (CFP images are tight face crops of varying size, ≤ 128 px)");
    public static final Setting ALIASES = SourceKeys.nullableString("data.cfp.aliases",
            "cfp source: alias table relative to the data root, e.g. cfp/lfw-aliases.txt (lines 'CFP name<TAB>LFW name'): "
                    + "a CFP identity listed there also counts as its LFW name, so data.exclude_names leaves it out when it names that LFW person");
    public static final Setting POSES = SourceKeys.choice("data.cfp.poses", "both",
            "cfp source: which images: both poses, frontal only or profile only", "both", "frontal", "profile");

    public static final Setting FOLDS = new Setting("data.cfp.folds", Setting.Type.INT_LIST, null, true, 1.0, 10.0, List.of(),
            "cfp source: only the people of these CFP verification folds (Protocol/Split/FP/NN, identity-disjoint), numbered from 1, "
                    + "e.g. [1, 2, 3, 4, 5, 6, 7, 8, 9] to test on fold 10; null = all 500 people");

    public CfpSource(String root, List<Integer> crop, String poses, String aliases) {
        this(root, crop, poses, aliases, null);
    }

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named(NAME,
            "CFP frontal and profile images under the data root")
            .key(NamedSources.EXCLUDE_NAMES).key(ROOT).key(CROP).newKey(ALIASES).key(POSES).newKey(FOLDS)
            .check(CfpSource::check)
            .build(c -> NamedSources.of(c, List.of(new CfpSource(c.getString(ROOT.path()), c.getIntList(CROP.path()),
                    c.getString(POSES.path()), c.getString(ALIASES.path()), c.getIntList(FOLDS.path())))));

    private static void check(ConfigView c) {
        if (c.getString(ALIASES.path()) != null) {
            List<String> names = DataSources.datasetsLoaded(c);
            if (!names.contains(NAME)) {
                throw c.error(ALIASES.path(), "applies to the cfp source, which this config does not load (sources " + names
                        + "); remove data.cfp.aliases, or load cfp (data.source: cfp, or cfp in data.combine)");
            }
        }
        List<Integer> folds = c.getIntList(FOLDS.path());
        if (folds != null) {
            if (!DataSources.datasetsLoaded(c).contains(NAME)) {
                throw c.error(FOLDS.path(), "applies to the cfp source, which this config does not load; remove data.cfp.folds, "
                        + "or load cfp (data.source: cfp, or cfp in data.combine)");
            }
            if (folds.isEmpty()) {
                throw c.error(FOLDS.path(), "lists no fold; list the folds whose people to train on, e.g. [1, 2, 3, 4, 5, 6, 7, 8, 9], "
                        + "or remove the key for all people");
            }
            if (folds.stream().distinct().count() != folds.size()) {
                throw c.error(FOLDS.path(), folds + " lists a fold twice; list each fold once");
            }
        }
        SourceKeys.checkedCrop(c, CROP.path());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceImages list(Path cfp) {
        Path images = cfp.resolve("Data/Images");
        Listing.requireDir(images, "CFP's Data/Images/<id>/{frontal,profile}/NN.jpg");
        List<String> names = CfpNames.read(cfp);
        List<String> sub = switch (poses) {
            case "both" -> List.of("frontal", "profile");
            case "frontal", "profile" -> List.of(poses);
            default -> throw new IllegalArgumentException("poses " + poses);
        };
        Set<String> only = folds == null ? null : foldIds(cfp);
        List<SourceImages.Entry> out = new ArrayList<>();
        for (Path dir : Listing.dirs(images)) {
            if (only != null && !only.contains(dir.getFileName().toString())) {
                continue;
            }
            String name = CfpNames.name(dir.getFileName().toString(), names);
            for (String pose : sub) {
                Path d = dir.resolve(pose);
                if (!Files.isDirectory(d)) {
                    continue;
                }
                for (Path f : Listing.images(d)) {
                    out.add(new SourceImages.Entry(f, "cfp:" + name, name, "cfp:" + Listing.rel(cfp, f)));
                }
            }
        }
        return new SourceImages(NAME, cfp, out, crop, "poses=" + poses + (folds == null ? "" : " folds=" + folds));
    }

    /** The id folders of the people of {@link #folds}, from the protocol files (checked identity-disjoint). */
    private Set<String> foldIds(Path cfp) {
        CfpFolds all = CfpFolds.read(cfp);
        for (int f : folds) {
            if (f > all.count()) {
                throw new DataException(cfp.resolve("Protocol/Split/FP") + " has " + all.count() + " folds; data.cfp.folds asks for fold " + f);
            }
        }
        return all.idsOf(folds);
    }
}
