package org.tripletlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

public final class Main {
    public static void main(String[] args) {
        Engine e = Engine.getInstance();
        System.out.println(e.getEngineName() + " " + e.getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            var a = m.arange(12f).reshape(3, 4);
            System.out.println(a.take(m.create(new long[] {0, 5, 11})));
        }
    }
}
