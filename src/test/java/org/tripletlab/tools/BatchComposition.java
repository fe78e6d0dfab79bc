package org.tripletlab.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.source.TrainingSources;

/**
 * What a P × K batch is made of on a config's training identities, without decoding an image: how many training
 * identities have at least K images, and — since the sampler takes every image of a smaller identity once and fills
 * its K slots with repeats ({@code sampler.small_identities: replace}) — the expected distinct images per slot,
 * E[min(n, K)] / K over identities drawn uniformly (the sampler visits every identity equally often). Not part of
 * the product; run by hand (the command is in {@code results/large-batch/README.md}):
 * <pre>java -cp target/classes:target/test-classes:CLASSPATH org.tripletlab.tools.BatchComposition CONFIG DATA_ROOT P×K...</pre>
 */
public final class BatchComposition {
    private BatchComposition() {
    }

    public static void main(String[] args) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of(args[0]), List.of()));
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), Path.of(args[1]));
        IdentitySplit split = IdentitySplit.of(sel.identities().size(), "test", cfg.data().valFraction(), cfg.seed());
        List<Integer> sizes = new ArrayList<>();
        for (int id : split.trainIdentities()) {
            sizes.add(sel.images().get(id).size());
        }
        int images = sizes.stream().mapToInt(Integer::intValue).sum();
        List<Integer> sorted = sizes.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%s: %,d training identities, %,d images; images per identity: median %d, max %d%n",
                args[0], sizes.size(), images, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        System.out.printf(Locale.ROOT, "%4s %14s %12s %22s%n", "K", "ids with >= K", "their images", "distinct share E[min(n,K)]/K");
        for (int k : new int[] {2, 4, 8, 12, 16, 20, 30, 40}) {
            System.out.printf(Locale.ROOT, "%4d %,14d %,12d %22.3f%n", k, sizes.stream().filter(n -> n >= k).count(),
                    sizes.stream().filter(n -> n >= k).mapToInt(Integer::intValue).sum(), distinctShare(sizes, k));
        }
        System.out.printf(Locale.ROOT, "%-10s %6s %16s %16s%n", "P x K", "B", "distinct / batch", "steps per epoch");
        for (int i = 2; i < args.length; i++) {
            String[] pk = args[i].split("x");
            int p = Integer.parseInt(pk[0]);
            int k = Integer.parseInt(pk[1]);
            System.out.printf(Locale.ROOT, "%-10s %,6d %,16.0f %,16d%n", args[i], p * k, p * k * distinctShare(sizes, k),
                    Math.max(1, images / (p * k)));
        }
    }

    private static double distinctShare(List<Integer> sizes, int k) {
        return sizes.stream().mapToDouble(n -> Math.min(n, k)).average().orElse(0) / k;
    }
}
