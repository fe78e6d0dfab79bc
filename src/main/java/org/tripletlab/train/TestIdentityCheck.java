package org.tripletlab.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.NameAliases;
import org.tripletlab.data.source.NameList;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.TestNumbers;

/**
 * Checks that a run's training and validation identities are not the test identities of the benchmarks
 * it will report: for every benchmark of {@code eval.benchmarks}, the people of its test pairs (every
 * fold's, or only its {@link org.tripletlab.benchmark.Benchmark#testFold} when it has one, e.g.
 * {@code lfw-dev}: View 1's test pairs) are compared with the training ∪ validation identities of the identity split.
 *
 * <p>People are compared by name in normal form ({@link NameList#normalize}: case, {@code _} vs blank
 * ignored) after mapping CFP spellings to LFW names through every alias table known — the config's
 * {@code data.cfp.aliases} and the CFP folder's own {@code lfw-aliases.txt} when present, whether or not
 * the config uses it for exclusion, so that a config which forgets the aliases is caught rather than
 * trusted. Anonymous identities (CelebA and Olivetti numbers, synthetic faces) cannot be compared by
 * name ({@code celeba}, {@code celeba-test}, {@code olivetti}, {@code synthetic}: the namespaces of
 * {@code ANONYMOUS_NOTES}); they are counted as unchecked, except that a benchmark drawn from the same dataset (its test
 * identities in the same namespace and numbering, e.g. {@code olivetti:7}) meets them by number.
 *
 * <p>A benchmark whose test identities meet the training or validation identities makes the run refuse to
 * start ({@link DataException} naming the benchmark, the count, the first names and the key that would
 * allow it), unless {@code eval.allow_test_overlap} lists it; the run's numbers on it are then recorded as
 * not test numbers ({@link #notATestNumber}).
 */
public final class TestIdentityCheck {
    /** The CFP dataset's own alias table (CFP spelling → LFW folder name), inside its folder. */
    public static final String CFP_ALIAS_FILE = "lfw-aliases.txt";

    /** Names an error message lists before "…". */
    static final int NAMES_SHOWN = 8;

    private final Map<String, List<String>> overlap;
    private final Map<String, String> notATestNumber;
    private final Map<String, Object> record;

    private TestIdentityCheck(Map<String, List<String>> overlap, Map<String, String> notATestNumber, Map<String, Object> record) {
        this.overlap = overlap;
        this.notATestNumber = notATestNumber;
        this.record = record;
    }

    /**
     * Compares the split's identities with each benchmark's test identities.
     *
     * @param protocols the protocol of every benchmark in {@code cfg.eval().benchmarks()}
     * @throws DataException when a benchmark not listed in {@code eval.allow_test_overlap} meets them
     */
    public static TestIdentityCheck run(ExperimentConfig cfg, Path dataRoot, FaceDataset ds, IdentitySplit split,
            Map<String, PairProtocol> protocols) {
        List<String> identities = new ArrayList<>();
        for (int id : split.trainIdentities()) {
            identities.add(ds.identityName(id));
        }
        for (int id : split.valIdentities()) {
            identities.add(ds.identityName(id));
        }
        return run(cfg, dataRoot, identities, protocols);
    }

    /**
     * As {@link #run(ExperimentConfig, Path, FaceDataset, IdentitySplit, Map)} for a list of training and
     * validation identity names (namespaced as a dataset names them, e.g. {@code cfp:Joe Biden}).
     */
    public static TestIdentityCheck run(ExperimentConfig cfg, Path dataRoot, List<String> identities, Map<String, PairProtocol> protocols) {
        Aliases aliases = aliases(cfg, dataRoot);
        boolean synthetic = cfg.data().source().equals("synthetic");
        // normal-form canonical name → the identity as the run names it, for messages
        Map<String, String> named = new LinkedHashMap<>();
        Map<String, Integer> anonymous = new TreeMap<>();
        // anonymous identities exactly as the run names them: a benchmark drawn from the same dataset
        // (same numbering, e.g. olivetti:7) meets them by number although no name can be compared
        Set<String> anonymousIds = new java.util.HashSet<>();
        for (String id : identities) {
            String ns = synthetic ? "synthetic" : namespace(id);
            if (ns != null && ANONYMOUS_NOTES.containsKey(ns)) {
                anonymous.merge(ns, 1, Integer::sum);
                anonymousIds.add(id);
            } else {
                named.putIfAbsent(key(id, aliases.table()), id);
            }
        }
        Map<String, List<String>> overlap = new LinkedHashMap<>();
        Map<String, String> notTest = new LinkedHashMap<>();
        Map<String, Object> perBenchmark = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String b : cfg.eval().benchmarks()) {
            PairProtocol p = protocols.get(b);
            if (p == null) {
                throw new IllegalArgumentException("no protocol given for benchmark " + b);
            }
            int testFold = PairBenchmarks.testFold(b);
            // test identity (as the protocol names it) → folds its pairs are in
            Map<String, Set<Integer>> folds = new TreeMap<>();
            for (PairProtocol.Pair pair : p.pairs()) {
                if (testFold >= 0 && pair.fold() != testFold) {
                    continue;
                }
                folds.computeIfAbsent(p.images().get(pair.first()).identity(), k -> new TreeSet<>()).add(pair.fold());
                folds.computeIfAbsent(p.images().get(pair.second()).identity(), k -> new TreeSet<>()).add(pair.fold());
            }
            List<String> met = new ArrayList<>();
            List<String> described = new ArrayList<>();
            Set<Integer> touchedFolds = new TreeSet<>();
            for (Map.Entry<String, Set<Integer>> e : folds.entrySet()) {
                String ours = anonymousIds.contains(e.getKey()) ? e.getKey() : named.get(key(e.getKey(), aliases.table()));
                if (ours != null) {
                    String name = plain(e.getKey());
                    met.add(name);
                    described.add(ours.equals(e.getKey()) ? name : name + " (as " + ours + ")");
                    touchedFolds.addAll(e.getValue());
                }
            }
            overlap.put(b, List.copyOf(met));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("test_identities", folds.size());
            info.put("overlap", met.size());
            perBenchmark.put(b, info);
            if (met.isEmpty()) {
                continue;
            }
            String what = String.format(Locale.ROOT, "%d of %s's %d test identities", met.size(), b, folds.size());
            if (!cfg.eval().allowTestOverlap().contains(b)) {
                refused.add(b + ": " + what + " are training or validation identities of this run: " + first(described));
                bad.add(b);
                continue;
            }
            StringBuilder reason = new StringBuilder("trained/validated on " + what + " (allowed by eval.allow_test_overlap)");
            if (testFold < 0 && p.foldCount() > 1) {
                List<Integer> clean = new ArrayList<>();
                for (int f = 0; f < p.foldCount(); f++) {
                    if (!touchedFolds.contains(f)) {
                        clean.add(f + 1);
                    }
                }
                // e.g. training on people.txt folds 1–9 leaves View 2's fold 10 a test number.
                reason.append(clean.isEmpty() ? "; every fold's pairs involve them"
                        : "; only the pairs of fold" + (clean.size() > 1 ? "s " : " ") + clean + " involve none of them: only "
                                + (clean.size() > 1 ? "those folds' accuracies are test numbers" : "that fold's accuracy is a test number"));
            }
            notTest.put(b, reason.toString());
            info.put("allowed_by", "eval.allow_test_overlap");
        }
        if (!refused.isEmpty()) {
            throw new DataException(cfg.raw().source() + ": the training data meets benchmark test identities (compared by name"
                    + (aliases.table().size() > 0 ? " and " + aliases.table().size() + " aliases" : "") + "):\n  "
                    + String.join("\n  ", refused)
                    + "\nA model trained or validated on these people would report no test number on " + String.join(", ", bad)
                    + ". Leave them out of the training data (data.exclude_names; data.cfp.aliases: cfp/" + CFP_ALIAS_FILE
                    + " for CFP's spellings of LFW names), drop the benchmark from eval.benchmarks, or allow it with "
                    + "eval.allow_test_overlap: " + bad + " (the run then records it under not_a_test_number).");
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("compared", "training and validation identities against each benchmark's test pairs' people, by name "
                + "(ignoring case, _ vs blank) and aliases");
        rec.put("alias_tables", aliases.files());
        rec.put("named_identities", named.size());
        Map<String, Object> unchecked = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : anonymous.entrySet()) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("identities", e.getValue());
            u.put("note", ANONYMOUS_NOTES.get(e.getKey()));
            unchecked.put(e.getKey(), u);
        }
        rec.put("not_checkable_by_name", unchecked);
        rec.put("benchmarks", perBenchmark);
        return new TestIdentityCheck(overlap, notTest, rec);
    }

    /**
     * The namespaces of anonymous identities, each with why it is not compared: the datasets whose people have
     * numbers, not names. CelebA's notes repeat what the datasets README states.
     */
    private static final Map<String, String> ANONYMOUS_NOTES = Map.of(
            "celeba", "CelebA identities are anonymous numbers and cannot be checked by name. The datasets README states: "
                    + "\"CelebA (CelebFaces+) is stated by its authors to be identity-disjoint from LFW\" (Sun et al., NIPS 2014); "
                    + "it says nothing about CFP.",
            "celeba-test", "CelebA test-split identities are anonymous numbers and cannot be checked by name. The datasets README "
                    + "states: \"CelebA (CelebFaces+) is stated by the DeepID2 authors (Sun et al., NIPS 2014) to be identity-disjoint "
                    + "from LFW; CelebA gives no names, so this cannot be checked by name here\"; it says nothing about CFP. Its numbers "
                    + "are checked disjoint from celeba's when both are loaded (data.source.TrainingSources).",
            "olivetti", "Olivetti subjects are anonymous numbers and cannot be checked by name.",
            "synthetic", "synthetic identities are rendered faces, not people.");

    /** Benchmark → the names (as the benchmark's protocol spells them) of its test identities the run trained or validated on. */
    public Map<String, List<String>> overlap() {
        return overlap;
    }

    /** Benchmark → why the run's numbers on it are not test numbers; a benchmark absent here gives test numbers. */
    public Map<String, String> notATestNumber() {
        return notATestNumber;
    }

    /** What was compared and how (alias tables, unchecked anonymous identities, per-benchmark counts), for provenance. */
    public Map<String, Object> record() {
        return record;
    }

    /** Puts {@code identity_check}, {@code test_identity_overlap} and {@code not_a_test_number} into provenance. */
    void putInto(Provenance prov) {
        prov.put("identity_check", record).put("test_identity_overlap", overlap).put(TestNumbers.KEY, notATestNumber);
    }

    /** The alias tables the check uses and where they came from. */
    record Aliases(NameAliases table, List<String> files) {
    }

    /** The config's {@code data.cfp.aliases} and the CFP folder's own {@value #CFP_ALIAS_FILE}, when present. */
    static Aliases aliases(ExperimentConfig cfg, Path dataRoot) {
        NameAliases table = NameAliases.none();
        Set<String> files = new LinkedHashSet<>();
        String configured = cfg.data().sources().cfpAliases();
        if (configured != null) {
            table = TrainingSources.aliases(cfg.data().sources(), dataRoot);
            files.add(configured);
        }
        if (dataRoot != null) {
            String cfpRoot = cfg.raw().getString("data.cfp.root");
            Path own = dataRoot.resolve(cfpRoot).resolve(CFP_ALIAS_FILE);
            if (Files.isRegularFile(own)) {
                String rel = Path.of(cfpRoot).resolve(CFP_ALIAS_FILE).toString().replace('\\', '/');
                if (files.add(rel)) {
                    table = table.and(NameAliases.read(own));
                }
            }
        }
        return new Aliases(table, List.copyOf(files));
    }

    /** The source prefix of a namespaced identity ({@code cfp} of {@code cfp:Eli}), or null for a plain name. */
    private static String namespace(String identity) {
        int colon = identity.indexOf(':');
        return colon < 0 ? null : identity.substring(0, colon);
    }

    private static String plain(String identity) {
        int colon = identity.indexOf(':');
        return colon < 0 ? identity : identity.substring(colon + 1);
    }

    /** The comparison key: normal form of the canonical name; aliases apply to CFP's spellings only. */
    static String key(String identity, NameAliases aliases) {
        String ns = namespace(identity);
        String name = plain(identity);
        return "cfp".equals(ns) ? aliases.canonical(name) : NameList.normalize(name);
    }

    private static String first(List<String> names) {
        List<String> shown = names.subList(0, Math.min(NAMES_SHOWN, names.size()));
        return String.join(", ", shown) + (names.size() > shown.size() ? ", … (" + (names.size() - shown.size()) + " more)" : "");
    }
}
