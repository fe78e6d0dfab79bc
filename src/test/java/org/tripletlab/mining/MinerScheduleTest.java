package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;

/**
 * The miner warm-up ({@code miner.warmup.*}): step s is mined by the warm-up miner for s ≤ E·S and by
 * {@code miner.strategy} after, exactly at the boundary, whatever order the steps are announced in.
 */
class MinerScheduleTest {
    private static final int STEPS_PER_EPOCH = 5;

    /** Semi-hard (window 0.3, random pick: it draws from the rng) for 2 epochs of 5 steps, then hardest. */
    private static MinerSchedule semiHardThenHardest() {
        Config c = Config.parse("", "schedule test", List.of("miner.strategy=hardest", "miner.warmup.strategy=semi-hard",
                "miner.warmup.epochs=2", "miner.margin=0.3", "miner.pick=random", "miner.fallback=skip"));
        MinerSchedule.check(c);
        return MinerSchedule.of(c, STEPS_PER_EPOCH);
    }

    /** Brute force: per anchor, the farthest positive and the nearest negative (lowest index on ties). */
    private static List<int[]> hardestOracle(MiningFixtures.Batch b) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < b.n(); a++) {
            int far = -1;
            int near = -1;
            for (int j = 0; j < b.n(); j++) {
                if (j != a && b.labels[j] == b.labels[a] && (far < 0 || b.d(a, j) > b.d(a, far))) {
                    far = j;
                }
                if (b.labels[j] != b.labels[a] && (near < 0 || b.d(a, j) < b.d(a, near))) {
                    near = j;
                }
            }
            if (far >= 0 && near >= 0) {
                out.add(new int[] {a, far, near});
            }
        }
        return out;
    }

    @Test
    void warmUpMinerThroughTheLastWarmUpStepThenTheMainMiner() {
        MinerSchedule schedule = semiHardThenHardest();
        assertEquals(10, schedule.lastWarmupStep());
        TripletMiner mined = schedule.miner();
        SemiHardMiner reference = new SemiHardMiner(0.3f, SemiHardMiner.Pick.RANDOM, SemiHardMiner.Fallback.SKIP);
        List<MiningFixtures.Batch> batches = MiningFixtures.manyBatches(31, 60);
        int warm = 0;
        int main = 0;
        for (int i = 0; i < batches.size(); i++) {
            MiningFixtures.Batch b = batches.get(i);
            int step = 1 + i % 14; // steps 1..14 over and over: both sides of the switch at 10/11
            schedule.beginStep(step);
            Triplets got = mined.mine(b.d, b.labels, new SplittableRandom(i));
            String where = b.description + ", step " + step;
            if (step <= 10) {
                warm++;
                // The same draws as a semi-hard miner of the same keys given the same random stream ...
                Triplets want = reference.mine(b.d, b.labels, new SplittableRandom(i));
                assertEquals(MiningFixtures.show(MiningFixtures.asList(want)), MiningFixtures.show(MiningFixtures.asList(got)), where);
                // ... and every triplet in the semi-hard window (fallback skip: no other triplet).
                for (int[] t : MiningFixtures.asList(got)) {
                    float dap = b.d(t[0], t[1]);
                    float dan = b.d(t[0], t[2]);
                    assertTrue(dap < dan && dan < dap + 0.3f, where + ": " + dap + ", " + dan);
                }
            } else {
                main++;
                assertEquals(MiningFixtures.show(hardestOracle(b)), MiningFixtures.show(MiningFixtures.asList(got)), where);
            }
        }
        assertTrue(warm > 20 && main > 10, warm + " warm-up, " + main + " main batches");
    }

    @Test
    void theBoundaryIsStepExact() {
        MinerSchedule schedule = semiHardThenHardest();
        assertEquals(SemiHardMiner.NAME, schedule.at(1).name());
        assertEquals(SemiHardMiner.NAME, schedule.at(10).name());
        assertEquals(HardestMiner.NAME, schedule.at(11).name());
        assertEquals(HardestMiner.NAME, schedule.at(1000).name());
        for (int s = 1; s <= 20; s++) {
            assertEquals(s == 11, schedule.switchesAt(s), "step " + s);
        }
        assertEquals("semi-hard for steps 1–10 (2 epochs), then hardest", schedule.describe(STEPS_PER_EPOCH));
    }

    @Test
    void withoutWarmUpTheConfiguredMinerItself() {
        Config c = Config.parse("", "schedule test", List.of("miner.strategy=hardest"));
        MinerSchedule.check(c);
        MinerSchedule schedule = MinerSchedule.of(c, STEPS_PER_EPOCH);
        assertSame(schedule.main(), schedule.miner());
        assertNull(schedule.warmup());
        assertEquals(0, schedule.lastWarmupStep());
        for (int s = 1; s <= 20; s++) {
            assertTrue(!schedule.switchesAt(s) && schedule.at(s) == schedule.main(), "step " + s);
        }
        assertEquals("hardest", schedule.describe(STEPS_PER_EPOCH));
    }

    @Test
    void miningBeforeAStepIsAnnouncedIsRefused() {
        MinerSchedule schedule = semiHardThenHardest();
        MiningFixtures.Batch b = MiningFixtures.manyBatches(3, 1).get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> schedule.miner().mine(b.d, b.labels, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("beginStep"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> schedule.beginStep(0));
    }
}
