package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.util.Json;
import picocli.CommandLine;

/**
 * Faults a researcher meets, each built here small, run through the command line: the exit code (2 bad input,
 * 1 internal error), one message naming the file, key or option, what is wrong and what to do, and no stack
 * trace unless {@code --debug} asks for it (issue 11).
 */
class FaultMessagesTest {
    /** What a command printed and returned. */
    record Ran(int code, String out, String err) {
        /** The error output is short and has no stack trace. */
        Ran noTrace() {
            assertFalse(err.contains("\tat "), err);
            assertTrue(err.lines().count() <= 4, err);
            return this;
        }
    }

    /** Runs {@code args} on the command line {@code cl} makes (null: {@link Main#execute}), made after stderr is captured. */
    static Ran run(java.util.function.Supplier<CommandLine> cl, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = cl == null ? Main.execute(args) : Main.execute(cl.get(), args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Ran(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Ran run(String... args) {
        return run(null, args);
    }

    /** A completed run folder {@code <root>/tiny/<id>} with every file the report reads. */
    static Path completeRun(Path root, String id, double accuracy) throws Exception {
        Path dir = root.resolve("tiny").resolve(id);
        Files.createDirectories(dir.resolve("eval"));
        Files.writeString(dir.resolve("config.yaml"), Config.parse("name: tiny\n", "x.yaml", List.of("seed=" + id.length())).toYaml());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("status", "complete");
        prov.put("best_val_accuracy", 0.6);
        prov.put("minutes", 1.0);
        Files.writeString(dir.resolve("provenance.json"), Json.write(prov));
        Files.writeString(dir.resolve("steps.csv"), "step,epoch,loss,triplets,active_share\n1,1,0.3,8,0.5\n2,1,0.2,8,0.4\n");
        Files.writeString(dir.resolve("epochs.csv"), "epoch,step,val_accuracy,val_threshold\n0,0,0.5,1.0\n1,2,0.6,0.9\n");
        Map<String, Object> mean = Map.of("mean", accuracy, "se", 0.0, "sd", 0.0, "n", 10);
        Files.writeString(dir.resolve("eval/lfw.json"), Json.write(Map.of("benchmark", "lfw", "verification", Map.of("accuracy", mean))));
        Files.writeString(dir.resolve("COMPLETE"), "complete\n");
        return dir;
    }

    @Test
    void aTruncatedProvenanceJsonNamesTheFileAndTheFixWithoutAStackTrace(@TempDir Path root) throws Exception {
        completeRun(root, "aaaa", 0.7);
        Path bad = completeRun(root, "bbbb", 0.8).resolve("provenance.json");
        String whole = Files.readString(bad);
        Files.writeString(bad, whole.substring(0, whole.length() / 2));
        Ran r = run("report", root.resolve("tiny").toString()).noTrace();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + bad + ": not valid JSON at line "), r.err());
        assertTrue(r.err().contains("the file ends too early, it is truncated"), r.err());
        assertTrue(r.err().contains("move the run folder out of the results folder and train the run again"), r.err());
        assertFalse(Files.exists(root.resolve("tiny/report.md")), "no report that silently leaves a run out");

        Ran debug = run("report", root.resolve("tiny").toString(), "--debug");
        assertEquals(2, debug.code());
        assertTrue(debug.err().startsWith("error: " + bad + ": not valid JSON"), debug.err());
        assertTrue(debug.err().contains("\tat org.tripletlab.util.FileReads"), "--debug prints the stack trace: " + debug.err());
        assertTrue(debug.err().contains("org.yaml.snakeyaml"), "with the parser's exception as the cause: " + debug.err());
        Ran before = run("--debug", "report", root.resolve("tiny").toString());
        assertTrue(before.err().contains("\tat org.tripletlab.util.FileReads"), "--debug before the subcommand too: " + before.err());
    }

    @Test
    void damagedRunFilesAreNamedNeverSilentlyReadAsMissing(@TempDir Path root) throws Exception {
        completeRun(root, "aaaa", 0.7);
        Path run = completeRun(root, "bbbb", 0.8);
        String report = root.resolve("tiny").toString();
        Files.writeString(run.resolve("eval/lfw.json"), "");
        Ran r = run("report", report).noTrace();
        assertEquals(2, r.code(), r.err());
        assertEquals("error: " + run.resolve("eval/lfw.json") + ": is empty; the run folder is damaged: restore the file from a copy, "
                + "or move the run folder out of the results folder and train the run again", r.err().strip());

        Files.writeString(run.resolve("eval/lfw.json"), "[1, 2]\n");
        r = run("report", report).noTrace();
        assertTrue(r.err().startsWith("error: " + run.resolve("eval/lfw.json") + ": is not a JSON object (it holds a list)"), r.err());

        completeRun(root, "bbbb", 0.8);
        Files.writeString(run.resolve("steps.csv"), "step,epoch,loss,triplets,active_share\n1,1,0.3,8,0.5\n2,1,0.2");
        r = run("report", report).noTrace();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + run.resolve("steps.csv") + ": row 3 has 3 cells but the header has 5: "
                + "the last row is cut short, the file is truncated; the run folder is damaged"), r.err());

        completeRun(root, "bbbb", 0.8);
        Files.writeString(run.resolve("epochs.csv"), "epoch,step,val_accuracy,val_threshold\n0,0,0.5,\"1.0\n");
        r = run("report", report).noTrace();
        assertTrue(r.err().startsWith("error: " + run.resolve("epochs.csv") + ": a quoted cell opened at line 2 is never closed"), r.err());

        completeRun(root, "bbbb", 0.8);
        Files.delete(run.resolve("config.yaml"));
        r = run("report", report).noTrace();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + run.resolve("config.yaml") + ": no such file (every run folder records its config); "
                + "the run folder is damaged"), r.err());

        completeRun(root, "bbbb", 0.8);
        Files.write(run.resolve("provenance.json"), new byte[] {'{', '"', 'n', '"', ':', ' ', '"', (byte) 0xE9, '"', '}'});
        r = run("report", report).noTrace();
        assertTrue(r.err().startsWith("error: " + run.resolve("provenance.json") + ": is not UTF-8: byte 0xE9 at line 1, column 8"), r.err());
    }

    @Test
    void aDamagedSweepIndexOrARunItListsAsCompleteIsNamed(@TempDir Path root) throws Exception {
        completeRun(root, "aaaa", 0.7);
        Path sweep = Files.createDirectories(root.resolve("grid"));
        String header = "point,seed,experiment,run_id,status,run_dir,error\n";
        Files.writeString(sweep.resolve("sweep-index.csv"), header + "0,1,tiny,aaaa,complete,tiny/aaaa,\n1,2,tiny,gone,complete,tiny/gone,\n");
        Ran r = run("report", sweep.toString()).noTrace();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + sweep.resolve("sweep-index.csv") + ": point 1 (run gone) is recorded as complete, but "), r.err());
        assertTrue(r.err().contains("does not exist; rerun the same 'tripletlab sweep' command"), r.err());

        Files.writeString(sweep.resolve("sweep-index.csv"), header + "0,1,tiny,aaaa,complete,\"tiny/aa");
        r = run("report", sweep.toString()).noTrace();
        assertTrue(r.err().startsWith("error: " + sweep.resolve("sweep-index.csv") + ": a quoted cell opened at line 2 is never closed: "
                + "the file is truncated or damaged; rerun the same 'tripletlab sweep' command"), r.err());
    }

    @Test
    void aStudyFileThatIsNotYamlIsNamedWithItsLine(@TempDir Path root) throws Exception {
        completeRun(root, "aaaa", 0.7);
        Files.writeString(root.resolve("tiny/study.yaml"), "where:\n  seed: [1\n");
        Ran r = run("report", root.resolve("tiny").toString()).noTrace();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + root.resolve("tiny/study.yaml") + ": not valid YAML at line "), r.err());
        assertTrue(r.err().contains("or delete it to report every run of the folder"), r.err());
    }

    @Test
    void commandLineMistakesSayWhatToTypeInstead(@TempDir Path dir) throws Exception {
        Path exp = Files.writeString(dir.resolve("exp.yaml"), "name: tiny\ntrain: {epochs: 2}\n");
        Ran r = run("train", "--epochs", "3", exp.toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown options: '--epochs'"), r.err());
        assertTrue(r.err().contains("see 'tripletlab train --help' for the options"), r.err());
        assertTrue(r.err().contains("set them with --set, e.g. --set train.epochs=VALUE"), r.err());
        assertFalse(r.err().contains("Usage:"), "one message, not the whole usage: " + r.err());

        r = run("trian", exp.toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'trian'") && r.err().contains("Did you mean: tripletlab train?"), r.err());

        r = run("train", dir.resolve("nope.yaml").toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + dir.resolve("nope.yaml") + ": config file not found; pass the path of an experiment YAML"), r.err());

        r = run("sweep", dir.resolve("nope.yaml").toString()).noTrace();
        assertTrue(r.err().startsWith("error: " + dir.resolve("nope.yaml") + ": sweep file not found; pass the path of a sweep YAML"), r.err());

        Path file = Files.writeString(dir.resolve("afile"), "");
        r = run("train", exp.toString(), "--out", file.toString()).noTrace();
        assertEquals(2, r.code());
        assertEquals("error: --out " + file + ": is a file, not a folder; pass a results folder (it is created when missing), e.g. --out results",
                r.err().strip());

        r = run("train", exp.toString(), "--set", "train.steps=3", "--out", dir.resolve("out").toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --set train.steps=3: key 'train.steps': set either train.epochs or train.steps, not both"), r.err());

        Path lfw = Files.writeString(dir.resolve("lfw.yaml"), "name: tiny\ndata: {source: lfw}\n");
        r = run("train", lfw.toString(), "--data-root", dir.resolve("no-data").toString(), "--out", dir.resolve("out").toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("folder not found") && r.err().contains("the data root " + dir.resolve("no-data")
                + " does not exist: pass --data-root (or set TRIPLETLAB_DATA_ROOT) to the folder that holds lfw/"), r.err());
        assertFalse(Files.exists(dir.resolve("out/tiny")), "nothing written");

        r = run("report", dir.toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + dir + ": no completed runs") && r.err().contains("or finish its runs first"), r.err());

        r = run("report", dir.toString(), "--benchmark", "lwf").noTrace();
        assertEquals(2, r.code());
        // the list is the registry's, so a new benchmark does not touch this test
        assertEquals("error: --benchmark lwf: not a benchmark; expected one of "
                + String.join(", ", org.tripletlab.benchmark.Benchmarks.names()) + ", or none to leave the "
                + "benchmark columns out", r.err().strip());

        r = run("plot", dir.resolve("nope").toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a folder; pass a run, experiment or sweep folder"), r.err());
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the invariant broke");
        }
    }

    @CommandLine.Command(name = "oom")
    static final class OutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @CommandLine.Command(name = "full")
    static final class FullDisk implements Callable<Integer> {
        @Override
        public Integer call() {
            java.io.UncheckedIOException first = new java.io.UncheckedIOException("run/checkpoints/last: cannot be written (No space left on device)",
                    new java.io.IOException("No space left on device"));
            first.addSuppressed(new java.io.UncheckedIOException("run/steps.csv: cannot be written (No space left on device)",
                    new java.io.IOException("No space left on device")));
            throw first;
        }
    }

    @Test
    void whatFailedAfterTheFirstErrorFollowsItWithoutReplacingIt() {
        Ran r = run(() -> Main.commandLine().addSubcommand("full", new FullDisk()), "full").noTrace();
        assertEquals(2, r.code());
        assertEquals(List.of("error: run/checkpoints/last: cannot be written (No space left on device)",
                "  also: run/steps.csv: cannot be written (No space left on device)"), r.err().lines().toList());
    }

    @Test
    void aJvmErrorIsOneLineToo() {
        Ran r = run(() -> Main.commandLine().addSubcommand("oom", new OutOfMemory()), "oom").noTrace();
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: internal error: java.lang.OutOfMemoryError: Java heap space; rerun with --debug"), r.err());
    }

    @Test
    void anUnexpectedErrorSaysItIsInternalAndHowToSeeTheTrace() {
        java.util.function.Supplier<CommandLine> cl = () -> Main.commandLine().addSubcommand("boom", new Boom());
        Ran r = run(cl, "boom").noTrace();
        assertEquals(1, r.code());
        assertEquals("error: internal error: java.lang.IllegalStateException: the invariant broke; rerun with --debug for the stack trace, "
                + "and report it with the command that failed", r.err().strip());

        r = run(cl, "boom", "--debug");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat org.tripletlab.cli.FaultMessagesTest$Boom.call"), r.err());
    }
}
