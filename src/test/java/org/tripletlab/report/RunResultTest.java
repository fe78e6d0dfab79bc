package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.eval.OneShot;
import org.tripletlab.util.Json;

/** Reading a run folder: metrics from provenance.json, steps.csv and eval/<benchmark>.json as the trainer and evaluator write them. */
class RunResultTest {
    @Test
    void readsEveryMetricFromTheRunFiles(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("config.yaml"), Config.parse("name: x\nseed: 7\n", "x.yaml", List.of()).toYaml());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("best_val_accuracy", 0.875);
        prov.put("minutes", 12.5);
        Files.writeString(run.resolve("provenance.json"), Json.write(prov));
        Files.writeString(run.resolve("steps.csv"), "step,epoch,loss,triplets,active_share\n1,1,0.2,10,0.9\n2,1,0.2,10,0.8\n3,2,0.1,10,0.5\n4,2,0.1,10,0.3\n");
        // The shape BenchmarkReport writes (only the keys the report reads).
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("accuracy", new MeanSe(0.91, 0.02, 0.0063, 10).toMap());
        verification.put("auc", 0.95);
        Map<String, Object> val = new LinkedHashMap<>();
        val.put("target_far", 1e-3);
        val.put("val", new MeanSe(0.42, 0.1, 0.03, 10).toMap());
        verification.put("val_at_far", val);
        Map<String, Object> closed = new LinkedHashMap<>();
        closed.put("rank1", new MeanSe(0.61, 0.01, 0.003, 10).toMap());
        Map<String, Object> ident = new LinkedHashMap<>();
        ident.put("one_shot_closed_set", closed);
        // Open set: the 10 % point listed first, so the 1 % one is found by its target, not its position.
        ident.put("one_shot_open_set", Map.of("dir_at_far", List.of(
                new OneShot.DirAtFar(0.1, new MeanSe(0.52, 0.01, 0.003, 10), new MeanSe(0.099, 0, 0, 10), new double[] {0.4}).toMap(),
                new OneShot.DirAtFar(0.01, new MeanSe(0.33, 0.01, 0.003, 10), new MeanSe(0.0098, 0, 0, 10), new double[] {0.2}).toMap())));
        Map<String, Object> eval = new LinkedHashMap<>();
        eval.put("benchmark", "lfw");
        eval.put("verification", verification);
        eval.put("identification", ident);
        Files.createDirectories(run.resolve("eval"));
        Files.writeString(run.resolve("eval/lfw.json"), Json.write(eval));

        RunResult r = RunResult.read(run, "lfw");
        assertEquals(7, r.seed());
        assertEquals(0.91, r.metric(Metric.ACCURACY));
        assertEquals(0.42, r.metric(Metric.VAL_AT_FAR));
        assertEquals(0.95, r.metric(Metric.AUC));
        assertEquals(0.61, r.metric(Metric.ONE_SHOT_RANK1));
        assertEquals(0.33, r.metric(Metric.OPEN_SET_DIR_AT_FAR1));
        assertEquals(0.875, r.metric(Metric.BEST_VAL_ACCURACY));
        assertEquals(12.5, r.metric(Metric.MINUTES));
        assertEquals(0.4, r.metric(Metric.FINAL_ACTIVE_SHARE), 1e-12, "mean over the last epoch's steps");
        assertTrue(Double.isNaN(RunResult.read(run, "cfp-fp").metric(Metric.ACCURACY)), "no eval/cfp-fp.json: no value");

        // lfw-dev: the result is the held-out test fold.
        Map<String, Object> held = new LinkedHashMap<>();
        held.put("fold", 1);
        held.put("accuracy", 0.7);
        held.put("val_at_far", 0.2);
        eval.put("test_fold", held);
        Files.writeString(run.resolve("eval/lfw-dev.json"), Json.write(eval));
        RunResult dev = RunResult.read(run, "lfw-dev");
        assertEquals(0.7, dev.metric(Metric.ACCURACY));
        assertEquals(0.2, dev.metric(Metric.VAL_AT_FAR));

        // An evaluation written before DIR at FAR existed has no value (and reports leave the column out).
        ident.remove("one_shot_open_set");
        Files.writeString(run.resolve("eval/lfw.json"), Json.write(eval));
        assertTrue(Double.isNaN(RunResult.read(run, "lfw").metric(Metric.OPEN_SET_DIR_AT_FAR1)));
    }

    @Test
    void aSoftmaxRunHasNoActiveShareEvenThoughItsStepsRecordTrainingAccuracyThere(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("config.yaml"), Config.parse("name: x\nseed: 7\nloss: {kind: softmax}\n", "x.yaml", List.of()).toYaml());
        Files.writeString(run.resolve("steps.csv"), "step,epoch,loss,triplets,active_share\n1,1,8.0,96,0.01\n2,1,7.9,96,0.02\n");
        assertTrue(Double.isNaN(RunResult.read(run, "lfw").metric(Metric.FINAL_ACTIVE_SHARE)));
        Files.writeString(run.resolve("config.yaml"), Config.parse("name: x\nseed: 7\nloss: {kind: contrastive}\n", "x.yaml", List.of()).toYaml());
        assertEquals(0.015, RunResult.read(run, "lfw").metric(Metric.FINAL_ACTIVE_SHARE), 1e-12, "contrastive: pairs inside the margin");
    }
}
