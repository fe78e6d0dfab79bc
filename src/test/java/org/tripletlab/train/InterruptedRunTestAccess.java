package org.tripletlab.train;

import java.util.List;

/** The child-JVM command of {@link InterruptedRunTest}, for tests in other packages. */
public final class InterruptedRunTestAccess {
    private InterruptedRunTestAccess() {
    }

    public static List<String> javaCommand(Class<?> main, String... args) {
        return InterruptedRunTest.javaCommand(main, args);
    }
}
