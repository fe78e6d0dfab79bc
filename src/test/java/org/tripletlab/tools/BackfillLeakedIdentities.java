package org.tripletlab.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.protocol.LfwPairs;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.NameAliases;
import org.tripletlab.data.source.NamedSources;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.train.TestIdentityCheck;
import org.tripletlab.util.Json;
import org.yaml.snakeyaml.Yaml;

/**
 * One-off (issue 10 §2): adds to the committed runs' {@code provenance.json} what can be computed about
 * their identities now that {@code cfp/lfw-aliases.txt} exists. Not part of the product: run once by hand,
 * <pre>java -cp target/classes:target/test-classes:target/lib/* org.tripletlab.tools.BackfillLeakedIdentities results DATA_ROOT</pre>
 *
 * <ul>
 *   <li>Runs of the outside-data protocol (sources celeba + cfp with {@code data.exclude_names}, no
 *       {@code data.cfp.aliases}): {@code leaked_identities} — which of the 12 CFP identities that are LFW
 *       people under another spelling the run trained or validated on, recomputed from its config (sources
 *       listed, exclusion and split redone exactly as the run did them; the identity counts are checked
 *       against the run's provenance before anything is written). Runs that evaluated {@code cfp-fp} also
 *       get {@code not_a_test_number.cfp-fp}, as new runs of the protocol record it.</li>
 *   <li>{@code lfw-10fold/e99112a20805}: {@code not_a_test_number.lfw} (trained on people.txt folds 1–9).</li>
 * </ul>
 * The new keys are inserted before {@code "warnings"} (the writer's last key), formatted by the same
 * {@link Json} writer; no other byte of the file changes. A file that already has the keys is left alone.
 */
public final class BackfillLeakedIdentities {
    private BackfillLeakedIdentities() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Path dataRoot = Path.of(args[1]);
        NameAliases aliases = NameAliases.read(dataRoot.resolve("cfp/lfw-aliases.txt"));
        PairProtocol view2 = LfwPairs.view2(dataRoot.resolve("lfw"));
        TreeSet<String> view2People = new TreeSet<>();
        view2.images().forEach(im -> view2People.add(im.identity().substring(4)));
        Map<String, TrainingSources.Selection> selections = new HashMap<>();
        List<Path> runs;
        try (Stream<Path> s = Files.walk(results, 2)) {
            runs = s.filter(p -> Files.isRegularFile(p.resolve("config.yaml")) && Files.isRegularFile(p.resolve("provenance.json"))).sorted().toList();
        }
        for (Path run : runs) {
            Path provFile = run.resolve("provenance.json");
            String text = Files.readString(provFile, StandardCharsets.UTF_8);
            Map<?, ?> prov = (Map<?, ?>) new Yaml().load(text);
            if (prov.containsKey("leaked_identities") || prov.containsKey("not_a_test_number")) {
                System.out.println("already done: " + run);
                continue;
            }
            Config raw = Config.parse(Files.readString(run.resolve("config.yaml"), StandardCharsets.UTF_8), run + "/config.yaml", List.of());
            ExperimentConfig cfg = ExperimentConfig.from(raw);
            NamedSources src = cfg.data().sources();
            Map<String, Object> add = new LinkedHashMap<>();
            if (src.names().contains("cfp") && !src.excludeNames().isEmpty() && src.cfpAliases() == null) {
                TrainingSources.Selection sel = selections.computeIfAbsent(raw.toYaml().replaceAll("(?s)^.*?\ndata:", "data:")
                        .replaceAll("(?s)\nsampler:.*$", ""), k -> TrainingSources.selection(cfg.data(), dataRoot));
                IdentitySplit split = IdentitySplit.of(sel.identities().size(), run.toString(), cfg.data().valFraction(), cfg.seed());
                Map<?, ?> data = (Map<?, ?>) prov.get("data");
                check(data, "identities", sel.identities().size(), run);
                check(data, "identities_excluded_by_name", sel.identitiesExcludedByName(), run);
                check(data, "train_identities", split.trainIdentities().length, run);
                check(data, "val_identities", split.valIdentities().length, run);
                List<String> train = new ArrayList<>();
                List<String> val = new ArrayList<>();
                for (int id : split.trainIdentities()) {
                    leaked(sel.identities().get(id), aliases, train);
                }
                for (int id : split.valIdentities()) {
                    leaked(sel.identities().get(id), aliases, val);
                }
                // Which held-out identities had images in the run's fixed validation set (what model selection saw):
                // the set depends only on each identity's image count, so a 1×1-pixel stand-in dataset reproduces it.
                List<String> valSeen = new ArrayList<>();
                for (int img : split.validationImages(standIn(sel), cfg.data().valImages(), VAL_IMAGES_PER_IDENTITY, cfg.seed())) {
                    String id = sel.identities().get(standIn(sel).label(img));
                    if (!valSeen.contains(id)) {
                        valSeen.add(id);
                    }
                }
                check(data, "val_images", split.validationImages(standIn(sel), cfg.data().valImages(), VAL_IMAGES_PER_IDENTITY,
                        cfg.seed()).length, run);
                List<String> valImages = new ArrayList<>();
                for (String id : valSeen) {
                    leaked(id, aliases, valImages);
                }
                TreeSet<String> all = new TreeSet<>(train);
                all.addAll(val);
                TreeSet<String> inView2 = new TreeSet<>(all);
                inView2.retainAll(view2People);
                long pairs = view2.pairs().stream().filter(p -> inView2.contains(view2.images().get(p.first()).identity().substring(4))
                        || inView2.contains(view2.images().get(p.second()).identity().substring(4))).count();
                Map<String, Object> leak = new LinkedHashMap<>();
                leak.put("names", List.copyOf(all));
                leak.put("in_training", train.stream().sorted().toList());
                leak.put("in_validation", val.stream().sorted().toList());
                leak.put("in_validation_images", valImages.stream().sorted().toList());
                leak.put("in_lfw_view2", List.copyOf(inView2));
                leak.put("lfw_view2_pairs_involving_them", pairs);
                leak.put("note", "Added after the run (issue 10): data.exclude_names compared exact names only, so " + all.size()
                        + " CFP identities that are LFW people under another spelling (cfp/lfw-aliases.txt; names here are the "
                        + "LFW names) were trained or validated on; " + inView2.size() + " are LFW View 2 test people, in "
                        + pairs + " of its " + view2.pairs().size() + " pairs. The fixed protocol (data.cfp.aliases) leaves them out.");
                add.put("leaked_identities", leak);
                if (cfg.eval().benchmarks().contains("cfp-fp")) {
                    List<String> ids = new ArrayList<>();
                    for (int id : split.trainIdentities()) {
                        ids.add(sel.identities().get(id));
                    }
                    for (int id : split.valIdentities()) {
                        ids.add(sel.identities().get(id));
                    }
                    ExperimentConfig only = ExperimentConfig.from(raw.with(List.of("eval.benchmarks=[cfp-fp]", "eval.allow_test_overlap=[cfp-fp]")));
                    TestIdentityCheck c = TestIdentityCheck.run(only, dataRoot, ids, Map.of("cfp-fp", PairBenchmarks.protocol("cfp-fp", dataRoot, only)));
                    add.put("not_a_test_number", Map.of("cfp-fp", recorded(c.notATestNumber().get("cfp-fp"))));
                }
            } else if (run.getFileName().toString().equals("e99112a20805") && run.getParent().getFileName().toString().equals("lfw-10fold")) {
                TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), dataRoot);
                IdentitySplit split = IdentitySplit.of(sel.identities().size(), run.toString(), cfg.data().valFraction(), cfg.seed());
                check((Map<?, ?>) prov.get("data"), "identities", sel.identities().size(), run);
                List<String> ids = new ArrayList<>();
                for (int id : split.trainIdentities()) {
                    ids.add(sel.identities().get(id));
                }
                for (int id : split.valIdentities()) {
                    ids.add(sel.identities().get(id));
                }
                ExperimentConfig allowed = ExperimentConfig.from(raw.with(List.of("eval.allow_test_overlap=[lfw]")));
                TestIdentityCheck c = TestIdentityCheck.run(allowed, dataRoot, ids, Map.of("lfw", view2));
                add.put("not_a_test_number", Map.of("lfw", recorded(c.notATestNumber().get("lfw"))
                        .replace("(recorded", "(people.txt folds 1–9; recorded")));
            }
            if (add.isEmpty()) {
                continue;
            }
            String block = Json.write(add);
            // "{\n  ...\n}\n" → the inner lines, each already indented for the top level; a comma after the last.
            String inner = block.substring(2, block.length() - 3) + ",\n";
            int at = text.lastIndexOf("\n  \"warnings\": ");
            if (at < 0) {
                throw new IllegalStateException(provFile + ": no \"warnings\" key to insert before");
            }
            Files.writeString(provFile, text.substring(0, at + 1) + inner + text.substring(at + 1), StandardCharsets.UTF_8);
            System.out.println(run + ": " + add.keySet() + " " + (add.get("leaked_identities") instanceof Map<?, ?> m
                    ? "train " + ((List<?>) m.get("in_training")).size() + " val " + ((List<?>) m.get("in_validation")).size() + " valimg " + ((List<?>) m.get("in_validation_images")).size()
                    + " view2 " + ((List<?>) m.get("in_lfw_view2")).size() + " pairs " + m.get("lfw_view2_pairs_involving_them") : ""));
        }
    }

    /** RunData.VAL_IMAGES_PER_IDENTITY: validation images per held-out identity, at most. */
    private static final int VAL_IMAGES_PER_IDENTITY = 10;

    private static final Map<TrainingSources.Selection, FaceDataset> STAND_INS = new java.util.IdentityHashMap<>();

    /** A dataset with the selection's identities and image labels in decode order, each image 1×1 grey (pixels unused). */
    private static FaceDataset standIn(TrainingSources.Selection sel) {
        return STAND_INS.computeIfAbsent(sel, s -> {
            List<Integer> labels = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int id = 0; id < s.identities().size(); id++) {
                for (var e : s.images().get(id)) {
                    labels.add(id);
                    names.add(e.imageName());
                }
            }
            return new FaceDataset(1, 1, new byte[labels.size()], labels.stream().mapToInt(Integer::intValue).toArray(),
                    s.identities(), names, "", "stand-in");
        });
    }

    private static String recorded(String reason) {
        return reason.replace("(allowed by eval.allow_test_overlap)", "(recorded after the run, which predates the check)");
    }

    /** Adds the LFW name of {@code identity} when it is a CFP spelling of an LFW person. */
    private static void leaked(String identity, NameAliases aliases, List<String> out) {
        if (identity.startsWith("cfp:") && aliases.aliasOf(identity.substring(4)) != null) {
            out.add(aliases.aliasOf(identity.substring(4)));
        }
    }

    private static void check(Map<?, ?> data, String key, int expected, Path run) {
        Object v = data.get(key);
        if (!(v instanceof Number n) || n.intValue() != expected) {
            throw new IllegalStateException(run + ": provenance data." + key + " is " + v + ", recomputed " + expected
                    + " — the run's data cannot be reproduced; nothing written");
        }
    }
}
