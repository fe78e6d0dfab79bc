package org.tripletlab.data.source;

import java.util.ArrayList;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;

/**
 * {@code combined}: several named datasets trained on together, those {@code data.combine} lists, each
 * with its own folder, crop and settings; identities stay apart per dataset ({@code cfp:Name},
 * {@code celeba:17}). Builds each listed dataset through its own component in {@link DataSources#REGISTRY}.
 */
public final class CombinedSource {
    /** The source's name. */
    public static final String NAME = "combined";

    public static final Setting COMBINE = SourceKeys.nullableStrings("data.combine",
            "data.source combined: the named sources to train on together, e.g. [celeba, cfp]; identities stay apart per source (cfp:Name, celeba:17)");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named(NAME,
            "the named datasets listed in data.combine, together")
            .key(COMBINE).key(NamedSources.EXCLUDE_NAMES)
            .check(DataSources::datasetsLoaded)
            .build(CombinedSource::create);

    private CombinedSource() {
    }

    private static DataSource create(ConfigView c) {
        List<NamedDataset> datasets = new ArrayList<>();
        for (String name : listed(c)) {
            datasets.addAll(((NamedSources) DataSources.REGISTRY.get(name).create(c)).datasets());
        }
        return NamedSources.of(c, datasets);
    }

    /**
     * The datasets {@code data.combine} lists when {@code data.source} is combined (a non-empty list of
     * distinct named datasets), or null for any other source, which must leave {@code data.combine} unset.
     */
    @SuppressWarnings("unchecked")
    static List<String> listed(ConfigView c) {
        String source = c.getString(DataSources.REGISTRY.selector());
        List<String> combine = (List<String>) c.get(COMBINE.path());
        if (!source.equals(NAME)) {
            if (combine != null) {
                throw c.error(COMBINE.path(), "is only used with data.source: combined (data.source is " + source
                        + "); remove data.combine, or set data.source: combined");
            }
            return null;
        }
        if (combine == null || combine.isEmpty()) {
            throw c.error(COMBINE.path(), "data.source is combined but data.combine lists no sources; e.g. data.combine: [celeba, cfp]");
        }
        List<String> datasets = DataSources.datasets();
        for (String s : combine) {
            if (!datasets.contains(s)) {
                throw c.error(COMBINE.path(), "'" + s + "' is not a source that can be combined; expected some of " + datasets);
            }
        }
        if (combine.stream().distinct().count() != combine.size()) {
            throw c.error(COMBINE.path(), combine + " lists a source twice; list each source once");
        }
        return List.copyOf(combine);
    }
}
