package org.tripletlab.tools;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.SourceImages;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.train.TestIdentityCheck;

/**
 * Prints what a config trains on, without decoding an image: per source the identities and images listed, left
 * out by name (exactly or through an alias), left out for {@code data.min_images}, and kept; the training and
 * validation split; and the test-identity check against each of its benchmarks (which a run does before it
 * starts). Not part of the product; run by hand (the command is in {@code results/data/README.md}):
 * <pre>java -cp target/classes:target/test-classes:CLASSPATH org.tripletlab.tools.ProtocolCounts CONFIG DATA_ROOT</pre>
 * {@code train.ProtocolV2RealDataTest} checks the printed numbers of {@code experiments/lfw-outside-data-v2.yaml}.
 */
public final class ProtocolCounts {
    private ProtocolCounts() {
    }

    public static void main(String[] args) {
        Path config = Path.of(args[0]);
        Path dataRoot = Path.of(args[1]);
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(config, List.of()));
        System.out.print(text(cfg, dataRoot, config.toString()));
    }

    /** The report {@link #main} prints. */
    public static String text(ExperimentConfig cfg, Path dataRoot, String configName) {
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), dataRoot);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: data.source %s %s, data.exclude_names %s, data.min_images %d%n", configName,
                cfg.data().source(), cfg.data().sources().names(), cfg.data().sources().excludeNames(), cfg.data().minImages()));
        out.append(String.format(Locale.ROOT, "%-12s %10s %8s %12s %14s %10s %10s %8s%n", "source", "identities", "images",
                "out by name", "out by alias", "below min", "kept ids", "kept img"));
        int ids = 0;
        int imgs = 0;
        for (SourceImages s : sel.sources()) {
            String prefix = s.source() + ":";
            Map<String, Integer> listed = new LinkedHashMap<>();
            s.entries().forEach(e -> listed.merge(e.identity(), 1, Integer::sum));
            long byName = sel.excludedByExactName().stream().filter(i -> i.startsWith(prefix)).count();
            long byAlias = sel.excludedByAlias().keySet().stream().filter(i -> i.startsWith(prefix)).count();
            int keptIds = 0;
            int keptImgs = 0;
            for (int i = 0; i < sel.identities().size(); i++) {
                if (sel.identities().get(i).startsWith(prefix)) {
                    keptIds++;
                    keptImgs += sel.images().get(i).size();
                }
            }
            out.append(String.format(Locale.ROOT, "%-12s %,10d %,8d %,12d %,14d %,10d %,10d %,8d%n", s.source(), listed.size(),
                    s.entries().size(), byName, byAlias, listed.size() - byName - byAlias - keptIds, keptIds, keptImgs));
            ids += keptIds;
            imgs += keptImgs;
        }
        out.append(String.format(Locale.ROOT, "%-12s %10s %8s %12s %14s %10s %,10d %,8d%n", "total", "", "", "", "", "", ids, imgs));
        IdentitySplit split = IdentitySplit.of(sel.identities().size(), "test", cfg.data().valFraction(), cfg.seed());
        out.append(String.format(Locale.ROOT, "split (seed %d, data.split.val_fraction %s): training %,d identities / %,d images, "
                + "validation %,d identities / %,d images%n", cfg.seed(), cfg.data().valFraction(), split.trainIdentities().length,
                images(sel, split.trainIdentities()), split.valIdentities().length, images(sel, split.valIdentities())));
        Map<String, PairProtocol> protocols = new LinkedHashMap<>();
        for (String b : cfg.eval().benchmarks()) {
            protocols.put(b, PairBenchmarks.protocol(b, dataRoot, cfg));
        }
        List<String> trainAndVal = new java.util.ArrayList<>();
        for (int[] part : List.of(split.trainIdentities(), split.valIdentities())) {
            for (int id : part) {
                trainAndVal.add(sel.identities().get(id));
            }
        }
        TestIdentityCheck check = TestIdentityCheck.run(cfg, dataRoot, trainAndVal, protocols);
        out.append("test-identity check (training + validation identities against each benchmark's test people, by name and "
                + check.record().get("alias_tables") + "):\n");
        for (String b : cfg.eval().benchmarks()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) ((Map<String, Object>) check.record().get("benchmarks")).get(b);
            String why = check.notATestNumber().get(b);
            out.append(String.format(Locale.ROOT, "  %-8s %,d test identities, %d trained or validated on%s%n", b, info.get("test_identities"),
                    info.get("overlap"), why == null ? "" : " (allowed: not a test number)"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> anonymous = (Map<String, Map<String, Object>>) check.record().get("not_checkable_by_name");
        for (Map.Entry<String, Map<String, Object>> e : anonymous.entrySet()) {
            out.append(String.format(Locale.ROOT, "  not checkable by name (anonymous numbers): %s, %,d identities%n", e.getKey(),
                    e.getValue().get("identities")));
        }
        return out.toString();
    }

    private static int images(TrainingSources.Selection sel, int[] identities) {
        int n = 0;
        for (int id : identities) {
            n += sel.images().get(id).size();
        }
        return n;
    }
}
