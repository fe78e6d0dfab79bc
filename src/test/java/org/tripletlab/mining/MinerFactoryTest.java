package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.tripletlab.config.StandaloneMiners;

import org.junit.jupiter.api.Test;
import org.tripletlab.mining.SemiHardMiner.Fallback;
import org.tripletlab.mining.SemiHardMiner.Pick;

class MinerFactoryTest {
    @Test
    void createsEveryStrategyByName() {
        for (String s : Miners.STRATEGIES) {
            TripletMiner m = StandaloneMiners.create(s, 0.2f, Pick.HARDEST, Fallback.SKIP);
            assertEquals(s, m.name());
        }
        assertInstanceOf(RandomMiner.class, StandaloneMiners.create("random", 0.2f, null, null));
        assertInstanceOf(HardestMiner.class, StandaloneMiners.create("hardest", 0.2f, null, null));
        assertInstanceOf(BatchAllMiner.class, StandaloneMiners.create("batch-all", 0.2f, null, null));
        SemiHardMiner sh = (SemiHardMiner) StandaloneMiners.create("semi-hard", 0.3f, Pick.RANDOM, Fallback.EASIEST_NEGATIVE);
        assertEquals(0.3f, sh.margin());
        assertEquals(Pick.RANDOM, sh.pick());
        assertEquals(Fallback.EASIEST_NEGATIVE, sh.fallback());
    }

    @Test
    void unknownStrategyNamesAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandaloneMiners.create("semihard", 0.2f, Pick.HARDEST, Fallback.SKIP));
        assertTrue(e.getMessage().contains("'semihard'"), e.getMessage());
        assertTrue(e.getMessage().contains("random, semi-hard, hardest, batch-all"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StandaloneMiners.create(null, 0.2f, null, null));
    }

    @Test
    void invalidSemiHardSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SemiHardMiner(-0.1f, Pick.HARDEST, Fallback.SKIP));
        assertThrows(IllegalArgumentException.class, () -> new SemiHardMiner(Float.NaN, Pick.HARDEST, Fallback.SKIP));
        assertThrows(NullPointerException.class, () -> new SemiHardMiner(0.2f, null, Fallback.SKIP));
    }

    @Test
    void configNamesRoundTrip() {
        assertEquals("hardest", Pick.HARDEST.configName());
        assertEquals("random", Pick.RANDOM.configName());
        assertEquals("skip", Fallback.SKIP.configName());
        assertEquals("hardest-negative", Fallback.HARDEST_NEGATIVE.configName());
        assertEquals("easiest-negative", Fallback.EASIEST_NEGATIVE.configName());
        for (Pick p : Pick.values()) {
            assertEquals(p, Pick.fromConfig(p.configName()));
        }
        for (Fallback f : Fallback.values()) {
            assertEquals(f, Fallback.fromConfig(f.configName()));
        }
    }

    @Test
    void unknownConfigNamesListAllowedOnes() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> Pick.fromConfig("HARDEST"));
        assertEquals("unknown semi-hard pick 'HARDEST'; allowed: hardest, random", p.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> Fallback.fromConfig("easiest"));
        assertEquals("unknown semi-hard fallback 'easiest'; allowed: skip, hardest-negative, easiest-negative",
                f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fallback.fromConfig(null));
    }
}
