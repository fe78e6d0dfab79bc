package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Collapse cases from events.csv as the trainer writes it: only rows of kind collapse count. */
class CollapseCasesTest {
    static RunResult run(Path dir, String miner, String events) throws Exception {
        Files.createDirectories(dir);
        if (events != null) {
            Files.writeString(dir.resolve("events.csv"), events);
        }
        Files.writeString(dir.resolve("epochs.csv"), "epoch,step,val_accuracy,val_mean_d_ap,val_mean_d_an\n0,0,0.55,0.06,0.08\n3,333,0.58,0.002,0.0031\n");
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.ACCURACY, 0.6123);
        return new RunResult(dir, dir.getFileName().toString(), Map.of("miner.strategy", miner, "loss.margin", 0.2, "train.epochs", 3), 2, m);
    }

    @Test
    void findsCollapseEventsAndIgnoresOtherKinds(@TempDir Path tmp) throws Exception {
        RunResult hardest = run(tmp.resolve("h"), "hardest", """
                step,epoch,kind,message
                5,1,empty-batch,"no valid triplet, loss 0"
                111,1,collapse,"collapse at epoch 1: mean d(A,N) = 0.00748"
                222,2,collapse,"collapse at epoch 2: mean d(A,N) = 0.00339"
                """);
        RunResult quiet = run(tmp.resolve("s"), "semi-hard", "step,epoch,kind,message\n5,1,empty-batch,none\n");
        RunResult none = run(tmp.resolve("r"), "random", null);

        List<CollapseCases.Case> cases = CollapseCases.of(List.of(hardest, quiet, none));
        assertEquals(1, cases.size());
        CollapseCases.Case c = cases.get(0);
        assertEquals(111, c.firstStep());
        assertEquals(1, c.firstEpoch());
        assertEquals(2, c.events());
        assertEquals(0.0031, c.lastValDan(), 1e-12);
        assertTrue(c.firstMessage().startsWith("collapse at epoch 1"));

        Table t = CollapseCases.table(cases, "lfw");
        assertEquals("hardest", t.getString(0, "miner.strategy"));
        assertEquals("step 111, epoch 1", t.getString(0, "first warning (step, epoch)"));
        assertEquals("0.0031", t.getString(0, "last validation mean d(A,N)"));
        assertEquals("61.23", t.getString(0, "lfw accuracy (%)"));
    }

    @Test
    void anEventsFileWithoutItsColumnsIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
        RunResult bad = run(tmp.resolve("bad"), "hardest", "when,what\n1,collapse\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CollapseCases.of(List.of(bad)));
        assertTrue(e.getMessage().contains("events.csv") && e.getMessage().contains("kind"), e.getMessage());
    }
}
