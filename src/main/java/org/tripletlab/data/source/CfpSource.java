package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.data.protocol.CfpNames;

/**
 * {@code cfp}: CFP images, {@code <cfp>/Data/Images/<id>/{frontal,profile}/NN.jpg}, identities
 * {@code cfp:<name>} with the name from {@code Data/list_name.txt} (the id when it has none).
 *
 * @param root the CFP folder ({@code data.cfp.root})
 * @param crop crop box ({@code data.cfp.crop}) or null
 * @param poses {@code both}, {@code frontal} or {@code profile} ({@code data.cfp.poses})
 * @param aliases alias table ({@code CFP name<TAB>LFW name}) that name exclusion honours, or null ({@code data.cfp.aliases})
 */
public record CfpSource(String root, List<Integer> crop, String poses, String aliases) implements NamedDataset {
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

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named(NAME,
            "CFP frontal and profile images under the data root")
            .key(NamedSources.EXCLUDE_NAMES).key(ROOT).key(CROP).newKey(ALIASES).key(POSES)
            .check(CfpSource::check)
            .build(c -> NamedSources.of(c, List.of(new CfpSource(c.getString(ROOT.path()), c.getIntList(CROP.path()),
                    c.getString(POSES.path()), c.getString(ALIASES.path())))));

    private static void check(ConfigView c) {
        if (c.getString(ALIASES.path()) != null) {
            List<String> names = DataSources.datasetsLoaded(c);
            if (!names.contains(NAME)) {
                throw c.error(ALIASES.path(), "applies to the cfp source, which this config does not load (sources " + names
                        + "); remove data.cfp.aliases, or load cfp (data.source: cfp, or cfp in data.combine)");
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
        List<SourceImages.Entry> out = new ArrayList<>();
        for (Path dir : Listing.dirs(images)) {
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
        return new SourceImages(NAME, cfp, out, crop, "poses=" + poses);
    }
}
