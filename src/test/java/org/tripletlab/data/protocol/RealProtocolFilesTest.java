package org.tripletlab.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.Setting;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.source.CelebaSource;
import org.tripletlab.data.source.CfpSource;
import org.tripletlab.data.source.LfwSource;
import org.tripletlab.data.source.NameList;
import org.tripletlab.data.source.OlivettiSource;
import org.tripletlab.data.source.SourceImages;
import org.tripletlab.data.source.TrainingSources;

/**
 * Reads the real protocol files under the data root ($TRIPLETLAB_DATA_ROOT, else ../shared/datasets)
 * and checks their published sizes. Pairs are checked for existence on disk (the parsers fail on a
 * missing image); only a handful of images are decoded. Skipped, with the reason, without the data.
 */
class RealProtocolFilesTest {
    static Path root;

    @BeforeAll
    static void dataRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        assumeTrue(Files.isRegularFile(root.resolve("lfw/pairs.txt")) && Files.isDirectory(root.resolve("cfp/Protocol")),
                "datasets not found under " + root.toAbsolutePath() + " (set TRIPLETLAB_DATA_ROOT)");
    }

    private static void assertFolds(PairProtocol p, int folds, int perClass) {
        assertEquals(folds, p.foldCount(), p.name());
        assertEquals(2 * folds * perClass, p.pairs().size(), p.name());
        for (PairProtocol.FoldCounts c : p.foldCounts()) {
            assertEquals(new PairProtocol.FoldCounts(c.fold(), perClass, perClass), c, p.name());
        }
        for (PairProtocol.Pair q : p.pairs()) {
            assertEquals(q.same(), p.images().get(q.first()).identity().equals(p.images().get(q.second()).identity()),
                    p.name() + " " + q);
        }
    }

    @Test
    void lfwView2View1AndPeople() {
        Path lfw = root.resolve("lfw");
        PairProtocol v2 = LfwPairs.view2(lfw);
        assertFolds(v2, 10, 300);
        assertEquals(7701, v2.images().size(), "distinct images of View 2");
        assertFolds(LfwPairs.view1Test(lfw), 1, 500);
        assertFolds(LfwPairs.view1Train(lfw), 1, 1100);

        LfwPeople people = LfwPeople.folds(lfw);
        assertEquals(10, people.foldCount());
        int total = IntStream.range(0, 10).map(f -> people.folds().get(f).size()).sum();
        assertEquals(5749, total, "every LFW person is in exactly one fold");
        assertEquals(13233, IntStream.range(0, 10).map(people::imageCount).sum());
        assertEquals(4038, LfwPeople.devTrain(lfw).folds().get(0).size());

        // View 2's pairs of fold k name only people of people.txt fold k: training on the other 9 folds is disjoint.
        for (int f = 0; f < 10; f++) {
            Set<String> test = people.names(f);
            for (PairProtocol.Pair q : v2.fold(f)) {
                for (int i : new int[] {q.first(), q.second()}) {
                    String name = v2.images().get(i).identity().substring(4);
                    assertTrue(test.contains(name), "fold " + (f + 1) + ": " + name);
                }
            }
        }

        // Decode a handful with the LFW crop policy: real faces with contrast.
        PairProtocol few = new PairProtocol("few", "lfw", lfw, v2.images().subList(0, 4), List.of(), 1);
        FaceDataset ds = few.loadImages(64, 1, defaultCrop(LfwSource.CROP));
        assertEquals(4, ds.size());
        assertContrast(ds);
    }

    @Test
    void cfpFrontalFrontalAndFrontalProfile() {
        Path cfp = root.resolve("cfp");
        PairProtocol ff = CfpPairs.ff(cfp);
        PairProtocol fp = CfpPairs.fp(cfp);
        assertFolds(ff, 10, 350);
        assertFolds(fp, 10, 350);
        assertTrue(ff.images().get(0).identity().startsWith("cfp:") && !ff.images().get(0).identity().matches("cfp:\\d+"));
        assertContrast(new PairProtocol("few", "cfp", cfp, fp.images().subList(0, 3), List.of(), 1).loadImages(64, 3, null));

        // The data README counts 172 CFP names that are LFW names, matching case exactly; ignoring case finds four
        // more of the same people (CFP's "Lebron James", "Leonardo Dicaprio", "John Mcenroe", "Queen Elizabeth Ii"
        // are LFW's LeBron_James, Leonardo_DiCaprio, John_McEnroe, Queen_Elizabeth_II): 176 out, 324 remain.
        SourceImages all = new CfpSource("cfp", null, "both", null).list(cfp);
        assertEquals(7000, all.entries().size());
        Set<String> lfwNames = NameList.read(root.resolve("lfw/lfw-names.txt"));
        assertEquals(5749, lfwNames.size());
        TrainingSources.Selection sel = TrainingSources.select(List.of(all), lfwNames, 2, "");
        assertEquals(500, sel.identitiesSeen());
        assertEquals(176, sel.identitiesExcludedByName());
        assertEquals(324, sel.identities().size());
        assertTrue(lfwNames.contains(NameList.normalize("Lebron James")));
    }

    @Test
    void celebaAndOlivettiCounts() {
        SourceImages celeba = new CelebaSource("celeba-10k", defaultCrop(CelebaSource.CROP)).list(root.resolve("celeba-10k"));
        assertEquals(10000, celeba.entries().size());
        assertEquals(5429, new HashSet<>(celeba.entries().stream().map(SourceImages.Entry::identity).toList()).size());
        TrainingSources.Selection sel = TrainingSources.select(List.of(celeba), Set.of(), 2, "");
        assertEquals(2854, sel.identities().size(), "CelebA-10k identities with at least two images");
        // the default CelebA crop fits the 89×109 aligned images
        TrainingSources.Selection few = new TrainingSources.Selection(List.of(celeba), List.of("celeba:a"),
                List.of(celeba.entries().subList(0, 3)), 1, 0, 0, 0, "");
        assertContrast(TrainingSources.decode(few, 64, 3));

        SourceImages oli = new OlivettiSource("olivetti", null).list(root.resolve("olivetti"));
        assertEquals(400, oli.entries().size());
        assertEquals(40, new HashSet<>(oli.entries().stream().map(SourceImages.Entry::identity).toList()).size());
    }

    @Test
    void publishedRocCurves() {
        List<PublishedRoc.Curve> curves = PublishedRoc.readAll(root.resolve("lfw/published-roc"));
        assertTrue(curves.size() >= 10, curves.size() + " curves");
        PublishedRoc.Curve baidu = curves.stream().filter(c -> c.name().equals("BaiduIDLFinal")).findFirst().orElseThrow();
        assertTrue(baidu.points().size() >= 600);
        for (PublishedRoc.Curve c : curves) {
            for (PublishedRoc.Point p : c.points()) {
                assertTrue(Double.isFinite(p.fpr()) && Double.isFinite(p.tpr()), c.name());
            }
        }
    }

    private static void assertContrast(FaceDataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            int min = 255;
            int max = 0;
            for (int k = 0; k < ds.imageBytes(); k++) {
                int v = ds.pixels()[i * ds.imageBytes() + k] & 0xff;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 60, ds.imageName(i) + ": contrast " + min + ".." + max);
        }
    }

    /** The default crop box of a source's crop key. */
    @SuppressWarnings("unchecked")
    private static List<Integer> defaultCrop(Setting crop) {
        return (List<Integer>) crop.defaultValue();
    }
}
