package org.tripletlab.baseline;

import java.util.List;
import org.tripletlab.component.Setting;

/**
 * The {@code baseline.*} keys more than one baseline reads, declared once so every reader declares the same
 * key (the registry checks that). In their own class so the baselines' static initialisers never wait on
 * {@link Baselines}, which lists them.
 */
final class BaselineKeys {
    static final Setting COMPONENTS = new Setting("baseline.components", Setting.Type.INT, 128, false, 1.0, 100000.0,
            List.of(), "eigenfaces: principal components kept; fisherfaces: LDA dimensions (at most identities − 1)");

    private BaselineKeys() {
    }
}
