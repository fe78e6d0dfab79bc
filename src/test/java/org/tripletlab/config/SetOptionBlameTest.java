package org.tripletlab.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.ConfigException;

/** A two-key rule broken by a {@code --set} names that option, not only the config file (issue 11). */
class SetOptionBlameTest {
    private static String fails(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> ExperimentConfig.from(Config.parse(yaml, "exp.yaml", List.of(overrides)))).getMessage();
    }

    @Test
    void theOptionThatBrokeATwoKeyRuleIsNamed() {
        String m = fails("train: {epochs: 2}\n", "train.steps=3");
        assertTrue(m.startsWith("--set train.steps=3: key 'train.steps': set either train.epochs or train.steps, not both"), m);
        m = fails("train: {steps: 3}\n", "train.epochs=2");
        assertTrue(m.startsWith("exp.yaml (with --set train.epochs=2): key 'train.steps': set either train.epochs or train.steps"), m);
        m = fails("data: {combine: [cfp]}\n", "data.source=lfw");
        assertTrue(m.startsWith("exp.yaml (with --set data.source=lfw): key 'data.combine': is only used with data.source: combined"), m);
        assertTrue(m.endsWith("remove data.combine, or set data.source: combined"), m);
        m = fails("", "loss.negatives=hardest");
        assertTrue(m.startsWith("--set loss.negatives=hardest: key 'loss.negatives': is only used with loss.kind: contrastive"), m);
        // A rule the file alone breaks still names the file.
        m = fails("train: {epochs: 2, steps: 3}\n", "seed=4");
        assertTrue(m.startsWith("exp.yaml: key 'train.steps'"), m);
    }
}
