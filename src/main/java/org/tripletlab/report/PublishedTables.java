package org.tripletlab.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Numbers reported by others, for the report's separate "published" section: never mixed into the
 * measured rows. Each table comes as text (Markdown and LaTeX) or as numbers (CSV).
 */
public final class PublishedTables {
    /** An accuracy reported by others, mean ± s.e. in percent. */
    public record Published(String method, double accuracy, double se, String source) {
    }

    /** LFW, unrestricted with labeled outside data, as the papers report them (accuracy %, ± s.e.). */
    public static final List<Published> PUBLISHED_LFW = List.of(
            new Published("FaceNet", 99.63, 0.09, "Schroff, Kalenichenko, Philbin, CVPR 2015"),
            new Published("DeepFace (ensemble)", 97.35, 0.25, "Taigman, Yang, Ranzato, Wolf, CVPR 2014"),
            new Published("OpenFace (nn4.small2)", 92.92, 1.34, "Amos, Ludwiczuk, Satyanarayanan, CMU-CS-16-118, 2016"));

    /** A FaceNet model as the paper tables it; NaN where the paper gives no number. */
    public record PublishedModel(String model, String input, double parameters, double flops, double val) {
    }

    /**
     * FaceNet (Schroff et al. 2015), §3 and Table 3: VAL at FAR = 1e-3 on Google's own hold-out set
     * (about a million images), not LFW — the trade-off between size, cost and accuracy, for orientation.
     */
    public static final List<PublishedModel> PUBLISHED_FACENET_MODELS = List.of(
            new PublishedModel("NN1 (Zeiler & Fergus)", "220×220", 140e6, 1.6e9, 87.9),
            new PublishedModel("NN2 (Inception)", "224×224", 7.5e6, 1.6e9, 89.4),
            new PublishedModel("NN4 (Inception)", "96×96", Double.NaN, 285e6, 82.0),
            new PublishedModel("NNS1 (mini Inception)", "165×165", 26e6, 220e6, 82.4),
            new PublishedModel("NNS2 (tiny Inception)", "140×116", 4.3e6, 20e6, 51.9));

    /** FaceNet Table 5: VAL at FAR = 1e-3 of NN1 on the hold-out set by embedding dimension. */
    public static final Map<Integer, Double> PUBLISHED_FACENET_EMBEDDING = Map.of(64, 86.8, 128, 87.9, 256, 87.7, 512, 85.6);

    private PublishedTables() {
    }

    static Table lfw(boolean text) {
        Table t = Table.create("published");
        StringColumn method = StringColumn.create("method (published)");
        StringColumn source = StringColumn.create("source");
        StringColumn acc = StringColumn.create("LFW accuracy (%)");
        DoubleColumn mean = DoubleColumn.create("LFW accuracy mean (%)");
        DoubleColumn se = DoubleColumn.create("LFW accuracy se (%)");
        for (Published p : PUBLISHED_LFW) {
            method.append(p.method());
            source.append(p.source());
            acc.append(String.format(Locale.ROOT, "%.2f ± %.2f", p.accuracy(), p.se()));
            mean.append(p.accuracy());
            se.append(p.se());
        }
        return text ? t.addColumns(method, acc, source) : t.addColumns(method, mean, se, source);
    }

    static Table facenetModels(boolean text) {
        Table t = Table.create("published architectures");
        StringColumn model = StringColumn.create("model (published)");
        StringColumn input = StringColumn.create("input");
        StringColumn params = StringColumn.create("parameters");
        StringColumn flops = StringColumn.create("MFLOPs / image");
        StringColumn val = StringColumn.create("VAL@FAR=1e-3, hold-out (%)");
        DoubleColumn paramsN = DoubleColumn.create("parameters");
        DoubleColumn flopsN = DoubleColumn.create("flops per image");
        DoubleColumn valN = DoubleColumn.create("VAL at FAR 1e-3 hold-out (%)");
        for (PublishedModel m : PUBLISHED_FACENET_MODELS) {
            model.append(m.model());
            input.append(m.input());
            params.append(Double.isNaN(m.parameters()) ? "–" : TableText.parameters(m.parameters()));
            flops.append(String.format(Locale.ROOT, "%,.0f", m.flops() / 1e6));
            val.append(String.format(Locale.ROOT, "%.1f", m.val()));
            paramsN.append(m.parameters());
            flopsN.append(m.flops());
            valN.append(m.val());
        }
        return text ? t.addColumns(model, input, params, flops, val) : t.addColumns(model, input, paramsN, flopsN, valN);
    }

    static Table facenetEmbedding(boolean text) {
        Table t = Table.create("published embedding");
        List<Integer> dims = PUBLISHED_FACENET_EMBEDDING.keySet().stream().sorted().toList();
        StringColumn dim = StringColumn.create("embedding (FaceNet NN1, published)");
        StringColumn val = StringColumn.create("VAL@FAR=1e-3, hold-out (%)");
        DoubleColumn valN = DoubleColumn.create("VAL at FAR 1e-3 hold-out (%)");
        for (int d : dims) {
            dim.append(String.valueOf(d));
            val.append(String.format(Locale.ROOT, "%.1f", PUBLISHED_FACENET_EMBEDDING.get(d)));
            valN.append(PUBLISHED_FACENET_EMBEDDING.get(d));
        }
        return text ? t.addColumns(dim, val) : t.addColumns(dim, valN);
    }
}
