package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;

class PlotCommandTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Path fixtureRun(Path dir, String strategy, double scale) throws Exception {
        Files.createDirectories(dir.resolve("eval"));
        StringBuilder steps = new StringBuilder("step,epoch,loss,triplets,active_share,mean_d_ap,mean_d_an,fallbacks,skipped,lr,img_per_s\n");
        for (int s = 1; s <= 40; s++) {
            steps.append(s).append(',').append(1 + s / 20).append(',').append(scale * 0.2 / s).append(",288,")
                    .append(1.0 - s / 50.0).append(",0.5,1.0,0,0,0.001,200\n");
        }
        Files.writeString(dir.resolve("steps.csv"), steps);
        Files.writeString(dir.resolve("epochs.csv"), "epoch,step,val_accuracy,val_threshold,val_auc,val_mean_d_ap,val_mean_d_an,"
                + "train_loss,train_active_share,minutes\n0,0,0.5,0.1,0.5,0.1,0.1,,,0.1\n1,20,0.7,0.8,0.75,0.6,1.2,0.1,0.9,0.5\n");
        Files.writeString(dir.resolve("distances.csv"), "epoch,step,pairs,n,mean,p5,p25,p50,p75,p95,bin_0.0,bin_0.5,bin_1.0,bin_1.5\n"
                + "0,0,ap,10,0.1,0,0,0,0,0,9,1,0,0\n0,0,an,20,0.1,0,0,0,0,0,18,2,0,0\n"
                + "1,20,ap,10,0.6,0,0,0,0,0,3,5,2,0\n1,20,an,20,1.2,0,0,0,0,0,1,3,8,8\n");
        Files.writeString(dir.resolve("config.yaml"), "name: fixture\nminer:\n  strategy: " + strategy + "\n  margin: null\nseed: 1\n");
        Files.writeString(dir.resolve("eval/lfw-roc.csv"), "threshold,fpr,tpr\n0.1,0,0\n0.5,0.001,0.3\n0.9,0.01,0.6\n1.2,0.1,0.9\n2,1,1\n");
        Files.writeString(dir.resolve("COMPLETE"), "");
        return dir;
    }

    static void assertPng(Path f) throws Exception {
        assertTrue(Files.isRegularFile(f), f + " written");
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img, f + " decodes");
        assertTrue(ChartTest.inked(img, 0, 0, img.getWidth(), img.getHeight()) > 500, f + " not blank");
    }

    @Test
    void plotsOneRunFolder(@TempDir Path tmp) throws Exception {
        Path run = fixtureRun(tmp.resolve("run1"), "semi-hard", 1);
        assertEquals(0, Main.execute("plot", run.toString()));
        assertPng(run.resolve("plots/training.png"));
        assertPng(run.resolve("plots/distances.png"));
    }

    @Test
    void plotsAnExperimentFolderWithPublishedCurves(@TempDir Path tmp) throws Exception {
        fixtureRun(tmp.resolve("exp/aaa"), "semi-hard", 1);
        fixtureRun(tmp.resolve("exp/bbb"), "hardest", 2);
        Files.createDirectories(tmp.resolve("exp/unfinished"));
        Path pub = Files.createDirectories(tmp.resolve("data/lfw/published-roc"));
        Files.writeString(pub.resolve("deepface_ensemble.txt"), "0.6 0.001\n0.9 0.01\n0.99 0.1\n");
        assertEquals(0, Main.execute("plot", tmp.resolve("exp").toString(), "--data-root", tmp.resolve("data").toString()));
        assertPng(tmp.resolve("exp/training-compare.png"));
        assertPng(tmp.resolve("exp/roc-lfw.png"));
        assertPng(tmp.resolve("exp/bbb/plots/distances.png"));
        // labelled by the run's configuration (method as the results tables name it), never by its folder
        String label = RunPlots.labels(org.tripletlab.run.RunFinder.ofExperiment(tmp.resolve("exp"))).get(tmp.resolve("exp/bbb"));
        assertTrue(label.startsWith("triplet, hardest, α = "), label);
    }

    @Test
    void aFolderWithoutRunsIsAnError(@TempDir Path tmp) {
        assertEquals(2, Main.execute("plot", tmp.toString()));
    }
}
