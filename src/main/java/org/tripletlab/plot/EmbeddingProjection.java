package org.tripletlab.plot;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.eval.PixelEmbedding;
import org.tripletlab.eval.ProjectionEmbedding;
import org.tripletlab.model.CheckpointException;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.run.RunFiles;

/**
 * {@code plots/projection-<benchmark>.png}: a run's embeddings of a few benchmark identities, projected
 * to the plane and coloured by person, optionally next to the raw-pixel embedding of the same images.
 *
 * <p>Images are preprocessed exactly as the run's evaluation sees them ({@link PairBenchmarks#images}:
 * the run's image size, channels and the source's crop) and embedded like {@code tripletlab eval}
 * does, by default with the mirror image added ({@link Embedder#embed(FaceDataset, int[], int, boolean)}).
 * The people shown are a benchmark's, so for a run trained on LFW images (e.g. {@code lfw-people.yaml})
 * some of them may have been training identities; the plot shows the geometry, not a held-out result.
 */
public final class EmbeddingProjection {
    /**
     * Panel size of one projection; with a baseline two panels sit side by side. Nearly square plot areas, so the shared
     * scale is the same along both axes.
     */
    static final int WIDTH = 560;
    static final int HEIGHT = 560;

    /**
     * What to draw.
     *
     * @param benchmark whose images ({@link PairBenchmarks#NAMES}), e.g. {@code lfw}
     * @param identities how many people
     * @param perIdentity the most images per person
     * @param seed image subsets and t-SNE start points
     * @param method {@code pca} or {@code tsne}
     * @param perplexity t-SNE's target perplexity (capped at (n − 1)/3 for n points)
     * @param checkpoint {@code best} or {@code last}
     * @param flip add each image's mirror embedding, as evaluation does
     * @param pixelBaseline also draw the raw-pixel embedding of the same images
     * @param format {@code png} or {@code svg}
     */
    public record Options(String benchmark, int identities, int perIdentity, long seed, String method, double perplexity, String checkpoint,
            boolean flip, boolean pixelBaseline, String format) {
        public Options {
            if (!method.equals("pca") && !method.equals("tsne")) {
                throw new IllegalArgumentException("unknown projection method '" + method + "'; known: pca, tsne");
            }
            if (!(perplexity >= 2)) {
                throw new IllegalArgumentException("--projection-perplexity must be at least 2, got " + perplexity);
            }
            if (!format.equals("png") && !format.equals("svg")) {
                throw new IllegalArgumentException("unknown format '" + format + "'; known: png, svg");
            }
            if (!PairBenchmarks.NAMES.contains(benchmark)) {
                throw new IllegalArgumentException("unknown benchmark '" + benchmark + "'; known: " + String.join(", ", PairBenchmarks.NAMES));
            }
        }
    }

    private EmbeddingProjection() {
    }

    /** The output file: {@code <run>/plots/projection-<benchmark>[-tsne].<format>}. */
    public static Path file(Path run, Options o) {
        return run.resolve("plots").resolve("projection-" + o.benchmark() + (o.method().equals("tsne") ? "-tsne" : "") + "." + o.format());
    }

    /** Embeds, projects and writes the plot; returns the file written. */
    public static Path plot(Path run, Path dataRoot, Options o) {
        Path configFile = run.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(run + ": no config.yaml, so not a run folder; pass results/<experiment>/<run-id>");
        }
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(configFile, List.of()));
        boolean fitted = cfg.baseline().fitted();
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        if (!fitted && !Files.isDirectory(Checkpoints.dir(run, o.checkpoint()))) {
            throw new CheckpointException(Checkpoints.missing(run, o.checkpoint()));
        }
        PairProtocol protocol = PairBenchmarks.protocol(o.benchmark(), dataRoot, cfg);
        if (!fitted) {
            // checked before any image is decoded: an unusable checkpoint should not cost a minute of decoding first
            Checkpoints.verify(run, o.checkpoint(), spec);
        }
        IdentitySample sample = IdentitySample.choose(protocol.images().stream().map(PairProtocol.Image::identity).toList(),
                o.identities(), o.perIdentity(), o.seed());
        FaceDataset images = PairBenchmarks.images(subset(protocol, sample), cfg);
        int[] all = IntStream.range(0, images.size()).toArray();

        List<Chart> panels = new ArrayList<>();
        String runLabel = RunLabel.full(run);
        if (fitted) {
            String kind = cfg.baseline().kind();
            Embedder.Result e = kind.equals("pixels") ? PixelEmbedding.of(images, all)
                    : ProjectionEmbedding.of(LinearProjection.load(run.resolve(LinearProjection.FILE)), images, all, o.flip());
            panels.add(panel(RunLabel.method(run), e, sample, o));
        } else {
            try (Model model = Checkpoints.load(run, o.checkpoint(), spec)) {
                Embedder.Result e = Checkpoints.embedder(model, cfg.eval().precision()).embed(images, all, cfg.eval().batch(), o.flip());
                Object epoch = model.getProperty("Epoch");
                panels.add(panel(RunLabel.method(run) + ", " + o.checkpoint() + " checkpoint" + (epoch == null ? "" : " (epoch " + epoch + ")"),
                        e, sample, o));
            }
        }
        if (o.pixelBaseline()) {
            panels.add(panel("raw pixels of the same images", PixelEmbedding.of(images, all), sample, o));
        }
        return sheet(runLabel, panels, o).write(run.resolve("plots"), file(run, o).getFileName().toString().replaceFirst("\\.[a-z]+$", ""),
                o.format());
    }

    /**
     * The panels under one title (the run by its configuration) with one legend (the people, the same in every panel).
     * PCA panels share one symmetric scale, stated in a note, so a collapsed embedding (all points within ±0.03) shows
     * as the dot it is beside the pixel panel's spread instead of being auto-scaled to look alike.
     */
    static Sheet sheet(String runLabel, List<Chart> panels, Options o) {
        List<String> notes = new ArrayList<>();
        int people = panels.get(0).points().size();
        String what = people + " people of " + o.benchmark() + ", one colour and shape per person"
                + (o.flip() ? ", each image embedded with its mirror image" : "");
        if (o.method().equals("pca")) {
            double r = sharedRadius(panels);
            panels.forEach(c -> c.xRange(-r, r).yRange(-r, r));
            notes.add(what + ".");
            notes.add(String.format(Locale.ROOT, "Both axes of every panel span ±%.2f in embedding units (unit-length embeddings, "
                    + "projected onto their principal axes): one shared scale.", r));
        } else {
            notes.add(what + ". t-SNE coordinates have no units: only who sits near whom is meaningful.");
        }
        return new Sheet("Embeddings projected to 2-D: " + runLabel, notes, panels, panels.size(), WIDTH, HEIGHT)
                .legend(Sheet.entriesOf(panels.subList(0, 1)));
    }

    /** Half-width of the shared square: the largest |coordinate| of any panel, plus a margin so no marker sits on the frame. */
    static double sharedRadius(List<Chart> panels) {
        double m = 0;
        for (Chart c : panels) {
            for (Chart.Points p : c.points()) {
                for (int i = 0; i < p.xs().length; i++) {
                    m = Math.max(m, Math.max(Math.abs(p.xs()[i]), Math.abs(p.ys()[i])));
                }
            }
        }
        return m > 0 ? m * 1.08 : 1;
    }

    /** The benchmark restricted to the chosen images (person by person), with no pairs: only these are decoded. */
    static PairProtocol subset(PairProtocol p, IdentitySample sample) {
        List<PairProtocol.Image> chosen = new ArrayList<>();
        for (int[] images : sample.images()) {
            for (int i : images) {
                chosen.add(p.images().get(i));
            }
        }
        return new PairProtocol(p.name() + "-projection", p.source(), p.folder(), chosen, List.of(), 1);
    }

    /** One scatter panel: the embeddings projected by the chosen method, one colour per person. */
    static Chart panel(String what, Embedder.Result e, IdentitySample sample, Options o) {
        float[][] rows = Projection.rows(e.embeddings(), e.n(), e.dim());
        Projection p = o.method().equals("tsne") ? Tsne.embed(rows, Tsne.perplexityFor(rows.length, o.perplexity()), o.seed())
                : Projection.pca(rows, o.seed());
        return chart(what + ": " + p.method() + " of " + e.dim() + "-D embeddings", p, sample);
    }

    /** Scatter of projected points, which come person by person in {@code sample}'s order. */
    static Chart chart(String title, Projection p, IdentitySample sample) {
        Chart c = new Chart(title);
        if (p.explained() != null) {
            c.xLabel(String.format(Locale.ROOT, "PC1 (%.1f %% of variance)", 100 * p.explained()[0]))
                    .yLabel(String.format(Locale.ROOT, "PC2 (%.1f %% of variance)", 100 * p.explained()[1]));
        } else {
            String axis = p.method().split(" ")[0]; // "t-SNE (perplexity 30)" → "t-SNE"
            c.xLabel(axis + " 1").yLabel(axis + " 2");
        }
        int from = 0;
        for (int k = 0; k < sample.identities().size(); k++) {
            int n = sample.images().get(k).length;
            double[] xs = java.util.Arrays.copyOfRange(p.xs(), from, from + n);
            double[] ys = java.util.Arrays.copyOfRange(p.ys(), from, from + n);
            c.scatter(displayName(sample.identities().get(k)) + " (" + n + ")", xs, ys);
            from += n;
        }
        return c;
    }

    /** {@code lfw:George_W_Bush} → {@code George W Bush}. */
    static String displayName(String identity) {
        int colon = identity.indexOf(':');
        return (colon >= 0 ? identity.substring(colon + 1) : identity).replace('_', ' ');
    }
}
