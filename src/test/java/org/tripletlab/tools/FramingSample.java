package org.tripletlab.tools;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.ImageDecoder;
import org.tripletlab.data.protocol.LfwPairs;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.SourceImages;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.notebook.FaceGrid;
import org.tripletlab.plot.Chart;
import org.tripletlab.util.AtomicFiles;

/**
 * Issue 16, framing: which faces to measure, their mean faces and the contact sheets. Not part of the product; run by
 * hand (commands in {@code results/data/README.md}):
 * <pre>java -cp target/classes:target/test-classes:CLASSPATH org.tripletlab.tools.FramingSample DATA_ROOT OUT_DIR CONFIG [BOX…]</pre>
 *
 * <p>Only development data: the <b>validation identities</b> of {@code CONFIG}'s split (its sources, exclusions and
 * seed, as a run splits them; {@code celeba}, {@code celeba-test} and, frontal images only, {@code cfp}) and the people
 * of <b>LFW View 1</b>'s training pairs ({@code pairsDevTrain.txt}) — never View 2. For each "sheet" (a source with
 * one crop box: celeba-10k with its default and its matched crop, celeba-test, CFP, LFW) it writes
 * <ul>
 *   <li>{@code framing-images.tsv}: {@code sheet, file (relative to the data root), crop x,y,w,h or "whole"}, up to
 *       2 images of each of up to {@value #MEASURED_PEOPLE} people drawn with a fixed seed: what
 *       {@code scripts/measure_framing.py} measures;</li>
 *   <li>{@code <sheet>-mean.png}: the pixel-wise mean of the first image of every one of those people, decoded as a
 *       v2 run decodes them (the source's crop, {@code data.image_size} px, {@code data.channels}): where eyes, nose
 *       and mouth sit on average, which is what framing is about, and the face of no one;</li>
 *   <li>{@code sheets/<sheet>.png}: one face of each of {@value #SHEET_FACES} of those people, decoded alike and drawn
 *       with {@link FaceGrid} at {@value #TILE} px, into {@code target/framing-sheets/} (git-ignored): pictures of
 *       real people, to look at locally, never committed.</li>
 * </ul>
 */
public final class FramingSample {
    static final int MEASURED_PEOPLE = 200;
    static final int SHEET_FACES = 6;
    static final int TILE = 40;
    static final long SEED = 16;
    /** Where the contact sheets go: pictures of individual people, which the repository never holds. */
    static final Path SHEETS = Path.of("target", "framing-sheets");
    /** The mean faces are drawn at this many pixels wide, so the eyes' positions can be read. */
    static final int MEAN_WIDTH = 128;

    /** One contact sheet: a name, its images (file → identity), the crop they are decoded with. */
    record SheetSpec(String name, String caption, Path folder, List<SourceImages.Entry> images, List<Integer> crop) {
    }

    private FramingSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dataRoot = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of(args[2]), List.of()));
        Files.createDirectories(out);

        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), dataRoot);
        IdentitySplit split = IdentitySplit.of(sel.identities().size(), "test", cfg.data().valFraction(), cfg.seed());
        Map<String, List<SourceImages.Entry>> val = new TreeMap<>();
        for (int id : split.valIdentities()) {
            String name = sel.identities().get(id);
            String source = name.substring(0, name.indexOf(':'));
            List<SourceImages.Entry> images = sel.images().get(id);
            if (source.equals("cfp")) {
                images = images.stream().filter(e -> e.imageName().contains("/frontal/")).toList();
            }
            val.computeIfAbsent(source, k -> new ArrayList<>()).addAll(images);
        }
        Map<String, SourceImages> listed = new LinkedHashMap<>();
        sel.sources().forEach(s -> listed.put(s.source(), s));
        PairProtocol view1 = LfwPairs.view1Train(dataRoot.resolve("lfw"));
        List<SourceImages.Entry> lfw = new ArrayList<>();
        for (PairProtocol.Image im : view1.images()) {
            lfw.add(new SourceImages.Entry(view1.folder().resolve(im.path()), im.identity(), null, im.path()));
        }

        List<Integer> celebaDefault = List.of(9, 24, 71, 71);
        List<Integer> celebaV2 = listed.get("celeba").crop();
        List<SheetSpec> sheets = new ArrayList<>();
        sheets.add(new SheetSpec("celeba-10k-default", "celeba-10k " + celebaDefault, listed.get("celeba").folder(), val.get("celeba"), celebaDefault));
        if (!celebaV2.equals(celebaDefault)) {
            sheets.add(new SheetSpec("celeba-10k-v2", "celeba-10k " + celebaV2, listed.get("celeba").folder(), val.get("celeba"), celebaV2));
        }
        for (int i = 3; i < args.length; i++) {
            // further candidate boxes for celeba-10k, e.g. 13,33,62,62
            List<Integer> crop = java.util.Arrays.stream(args[i].split(",")).map(String::strip).map(Integer::valueOf).toList();
            sheets.add(new SheetSpec("celeba-10k-" + args[i].replace(',', '-'), "celeba-10k " + crop, listed.get("celeba").folder(),
                    val.get("celeba"), crop));
        }
        sheets.add(new SheetSpec("celeba-test", "celeba-test " + listed.get("celeba-test").crop(), listed.get("celeba-test").folder(),
                val.get("celeba-test"), listed.get("celeba-test").crop()));
        sheets.add(new SheetSpec("cfp", "cfp frontal, whole image", listed.get("cfp").folder(), val.get("cfp"), listed.get("cfp").crop()));
        List<Integer> lfwCrop = cfg.raw().getIntList("data.lfw.crop");
        sheets.add(new SheetSpec("lfw-view1", "LFW View 1 " + lfwCrop, view1.folder(), lfw, lfwCrop));

        StringBuilder tsv = new StringBuilder("sheet\tfile\tcrop\n");
        for (SheetSpec s : sheets) {
            List<List<SourceImages.Entry>> people = people(s.images(), MEASURED_PEOPLE);
            String crop = s.crop() == null ? "whole" : String.join(",", s.crop().stream().map(String::valueOf).toList());
            for (List<SourceImages.Entry> person : people) {
                for (SourceImages.Entry e : person.subList(0, Math.min(2, person.size()))) {
                    tsv.append(s.name()).append('\t').append(dataRoot.relativize(e.file()).toString().replace('\\', '/')).append('\t')
                            .append(crop).append('\n');
                }
            }
            meanFace(s, people, cfg, out.resolve(s.name() + "-mean.png"));
            Files.createDirectories(SHEETS);
            sheet(s, people.subList(0, Math.min(SHEET_FACES, people.size())), cfg, SHEETS.resolve(s.name() + ".png"));
            System.out.printf(Locale.ROOT, "%-28s %5d images, %4d people (%d measured)%n", s.name(), s.images().size(),
                    people(s.images(), Integer.MAX_VALUE).size(), people.size());
        }
        AtomicFiles.write(out.resolve("framing-images.tsv"), tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Up to {@code n} people of {@code images}, in a seeded random order, each with their images in file order. */
    static List<List<SourceImages.Entry>> people(List<SourceImages.Entry> images, int n) {
        Map<String, List<SourceImages.Entry>> by = new TreeMap<>();
        for (SourceImages.Entry e : images) {
            by.computeIfAbsent(e.identity(), k -> new ArrayList<>()).add(e);
        }
        List<List<SourceImages.Entry>> all = new ArrayList<>(by.values());
        all.forEach(l -> l.sort(java.util.Comparator.comparing(SourceImages.Entry::file)));
        Collections.shuffle(all, new java.util.Random(SEED));
        return all.subList(0, Math.min(n, all.size()));
    }

    /**
     * The mean of the first image of each person, decoded as a run decodes it, as a grey PNG {@value #MEAN_WIDTH} px wide
     * (nearest-neighbour enlargement of the {@code data.image_size} grid, so no pixel is invented). Colour images are
     * averaged over their channels first: framing, not colour, is the question.
     */
    static void meanFace(SheetSpec s, List<List<SourceImages.Entry>> people, ExperimentConfig cfg, Path file) {
        int size = cfg.data().imageSize();
        int channels = cfg.data().channels();
        ImageDecoder decoder = new ImageDecoder(size, channels, s.crop());
        double[] sum = new double[size * size];
        byte[] px = new byte[size * size * channels];
        for (List<SourceImages.Entry> person : people) {
            decoder.decode(person.get(0).file(), px, 0);
            for (int i = 0; i < size * size; i++) {
                int v = 0;
                for (int c = 0; c < channels; c++) {
                    v += px[i * channels + c] & 0xff;
                }
                sum[i] += (double) v / channels;
            }
        }
        int scale = Math.max(1, MEAN_WIDTH / size);
        BufferedImage grey = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size * scale; y++) {
            for (int x = 0; x < size * scale; x++) {
                grey.getRaster().setSample(x, y, 0, (int) Math.round(sum[(y / scale) * size + x / scale] / people.size()));
            }
        }
        Chart.writePng(file, grey);
    }

    /** One face of each person, decoded as a run decodes it, in a row, grey PNG (a few KB). */
    static void sheet(SheetSpec s, List<List<SourceImages.Entry>> people, ExperimentConfig cfg, Path file) {
        int size = cfg.data().imageSize();
        int channels = cfg.data().channels();
        ImageDecoder decoder = new ImageDecoder(size, channels, s.crop());
        List<FaceGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            byte[] px = new byte[size * size * channels];
            decoder.decode(people.get(i).get(0).file(), px, 0);
            tiles.add(new FaceGrid.Tile(FaceGrid.face(px, size, channels), List.of(), null));
        }
        BufferedImage rgb = FaceGrid.render(tiles, tiles.size(), TILE);
        // 8-bit grey with its levels rounded to multiples of 8 (32 levels): the framing stays plain to see and the
        // PNG stays a few KB.
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int v = rgb.getRGB(x, y) & 0xff;
                grey.getRaster().setSample(x, y, 0, Math.min(255, (v + 4) / 8 * 8));
            }
        }
        Chart.writePng(file, grey);
    }
}
