package org.tripletlab.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tripletlab.util.BadFileException;
import org.tripletlab.util.FileReads;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.tripletlab.component.ConfigView;
import org.tripletlab.model.encoder.PrecisionChoice;
import org.tripletlab.component.Setting;
import org.tripletlab.component.ConfigException;

/**
 * A fully resolved, validated experiment configuration: every key of {@link Schema} has a value
 * (the file's, an override's, or the default). Instances are immutable.
 *
 * <p>Resolution order: defaults, then the YAML file, then {@code --set key=value} overrides in the
 * order given. Unknown keys, wrong types and out-of-range values are rejected with the source
 * (file or override), the key path and what is allowed.
 */
public final class Config implements ConfigView {
    /** The file a run folder records its resolved config in (listed with the others in {@code run.RunFiles}). */
    public static final String RUN_FILE = "config.yaml";

    private final Map<String, Object> values;
    private final String source;
    /** Key → the {@code --set key=value} that gave it, so that errors blame the option, not the file. */
    private final Map<String, String> setBy;

    /** Keys whose {@code auto} value was resolved when this config was read → what was chosen and why. */
    private final Map<String, String> autoChoices;

    private Config(Map<String, Object> values, String source, Map<String, String> setBy, Map<String, String> autoChoices) {
        this.values = values;
        this.source = source;
        this.setBy = Map.copyOf(setBy);
        this.autoChoices = Collections.unmodifiableMap(new LinkedHashMap<>(autoChoices));
    }

    /** Keys that were {@code auto} → e.g. "bf16 (auto: the CPU reports avx512_bf16)"; empty when none. */
    public Map<String, String> autoChoices() {
        return autoChoices;
    }

    /** The keys that accept {@code auto} (see {@link PrecisionChoice}). */
    static final List<String> PRECISION_KEYS = List.of("train.precision", "eval.precision");

    /** Loads a YAML file and applies overrides of the form {@code key=value} (value parsed as YAML). */
    public static Config load(Path file, List<String> overrides) {
        String text = readUtf8(file, "config file", "pass the path of an experiment YAML such as experiments/quickstart.yaml");
        return parse(text, file.toString(), overrides, true);
    }

    /**
     * The {@code config.yaml} a run folder recorded. A missing file is a {@link BadFileException} saying the
     * run folder is damaged (not the advice for a config file given on the command line); a file that is not
     * a valid config is a {@link ConfigException} naming it.
     */
    public static Config ofRun(Path runDir) {
        Path file = runDir.resolve(RUN_FILE);
        if (!Files.exists(file)) {
            throw new BadFileException(file, "no such file (every run folder records its config)", FileReads.RUN_FILE_FIX);
        }
        return load(file, List.of());
    }

    /**
     * Reads a YAML file as UTF-8. A missing file, a folder, an unreadable file or a byte that is not
     * UTF-8 (e.g. an 'é' saved as Latin-1) is a {@link ConfigException} naming the file, the place
     * (line and byte offset) and the fix.
     *
     * @param what "config file", "sweep file", for messages
     * @param whenMissing the fix when the file does not exist
     */
    public static String readUtf8(Path file, String what, String whenMissing) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": " + what + " not found; " + whenMissing);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a folder, not a " + what + "; " + whenMissing, e);
            }
            throw new ConfigException(file + ": cannot read " + what + " (" + e + "); check that it exists and is readable", e);
        }
        try {
            return FileReads.utf8(file, bytes, what);
        } catch (BadFileException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. Empty text means all defaults. */
    public static Config parse(String yamlText, String source, List<String> overrides) {
        return parse(yamlText, source, overrides, false);
    }

    private static Config parse(String yamlText, String source, List<String> overrides, boolean isFile) {
        Object root;
        try {
            root = yaml().load(yamlText);
        } catch (YAMLException e) {
            throw notYaml(source, e);
        }
        if (root == null && isFile) {
            // A file without a single key would silently train (or find complete) the default experiment.
            throw new ConfigException(source + ": the config file has no keys (it is empty or only comments)"
                    + "; an experiment file sets at least its name, e.g. 'name: my-experiment', "
                    + "or start from a copy of experiments/quickstart.yaml");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        Map<String, String> fromOverride = new LinkedHashMap<>();
        if (root != null) {
            if (!(root instanceof Map<?, ?> map)) {
                throw new ConfigException(source + ": the top level must be a mapping of keys (name, seed, data, sampler, encoder, loss, miner, optimizer, train, eval)");
            }
            flatten(map, "", flat, source);
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + o + ": expected key=value, e.g. --set miner.strategy=hardest");
            }
            String key = o.substring(0, eq).trim();
            String raw = o.substring(eq + 1).trim();
            Object v;
            try {
                v = raw.isEmpty() ? "" : yaml().load(raw);
            } catch (YAMLException e) {
                if (Schema.get(key) == null && !Schema.isSection(key)) {
                    throw unknownKey("--set " + o, key);
                }
                throw new ConfigException("--set " + o + ": the value " + raw + " is malformed (not valid YAML: " + yamlProblem(e)
                        + "); " + (Schema.isSection(key) ? sectionHint(key, null) : "quote it or fix the brackets, e.g. --set "
                        + key + "=" + example(Schema.get(key))), e);
            }
            if (Schema.isSection(key)) {
                throw new ConfigException("--set " + o + ": " + sectionHint(key, v));
            }
            if (Schema.get(key) == null) {
                throw unknownKey("--set " + o, key);
            }
            flat.put(key, v);
            fromOverride.put(key, o);
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Setting s : Schema.settings().values()) {
            boolean given = flat.containsKey(s.path());
            Object v = given ? flat.get(s.path()) : s.defaultValue();
            String where = fromOverride.containsKey(s.path()) ? "--set " + fromOverride.get(s.path())
                    : given ? source + ": key '" + s.path() + "'" : "default of '" + s.path() + "'";
            resolved.put(s.path(), convert(s, v, where));
        }
        // auto precisions become the machine's choice here, so config.yaml and the run id record what really ran.
        Map<String, String> autoChoices = new LinkedHashMap<>();
        for (String key : PRECISION_KEYS) {
            if (PrecisionChoice.AUTO.equals(resolved.get(key))) {
                PrecisionChoice.Resolved r = PrecisionChoice.resolve(PrecisionChoice.AUTO);
                resolved.put(key, r.precision().configName());
                autoChoices.put(key, r.precision().configName() + " (" + r.reason() + ")");
            }
        }
        return new Config(resolved, source, fromOverride, autoChoices);
    }

    /** Returns a copy with further overrides applied (used by sweeps and tests). */
    public Config with(List<String> overrides) {
        return parse(toYaml(), source, overrides);
    }

    private static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(lo));
    }

    private static void flatten(Map<?, ?> map, String prefix, Map<String, Object> out, String source) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (Schema.get(key) != null) {
                out.put(key, e.getValue());
            } else if (Schema.isSection(key)) {
                if (e.getValue() instanceof Map<?, ?> child) {
                    flatten(child, key, out, source);
                } else if (e.getValue() != null) {
                    String first = firstLeaf(key);
                    throw new ConfigException(source + ": key '" + key + "' is a section, not a value; write a mapping of its keys "
                            + String.join(", ", Schema.childrenOf(key)) + ", e.g. " + key + ": {"
                            + first.substring(key.length() + 1).replace(".", ": {") + ": " + example(Schema.get(first))
                            + "}".repeat(first.substring(key.length() + 1).split("\\.").length));
                }
            } else {
                throw unknownKey(source, key);
            }
        }
    }

    /** A YAML syntax error of a file, on one line: where, what, and what to check. */
    public static ConfigException notYaml(Object source, YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return new ConfigException(source + ": not valid YAML at line " + (m.getProblemMark().getLine() + 1)
                    + ", column " + (m.getProblemMark().getColumn() + 1) + ": " + (m.getContext() == null ? "" : m.getContext() + ", ")
                    + m.getProblem() + "; check the indentation, brackets, quotes and 'key: value' colons on or before that line", e);
        }
        return new ConfigException(source + ": not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }

    /** The first leaf key below a section, for examples. */
    private static String firstLeaf(String section) {
        String p = section + ".";
        return Schema.settings().keySet().stream().filter(k -> k.startsWith(p)).findFirst().orElseThrow();
    }

    /** A value a key accepts, written as on the command line: its default, else its first choice or lower bound. */
    private static String example(Setting s) {
        Object d = s.defaultValue();
        if (d instanceof List<?> l && !l.isEmpty() || d != null && !(d instanceof List<?>)) {
            return String.valueOf(d).replace(" ", "");
        }
        return switch (s.type()) {
            case INT, LONG -> s.min() == null ? "1" : String.valueOf(s.min().longValue());
            case DOUBLE -> s.min() == null ? "0.5" : String.valueOf(s.min());
            case BOOLEAN -> "true";
            case STRING -> "text";
            case CHOICE -> s.choices().get(0);
            case INT_LIST -> "[1,2]";
            case STRING_LIST -> "[a,b]";
        };
    }

    /** "'loss' is a section with keys …; set one of them, e.g. --set loss.margin=0.3" (the example uses the given value where it fits). */
    private static String sectionHint(String section, Object given) {
        String key = firstLeaf(section);
        String value = example(Schema.get(key));
        if (given instanceof Map<?, ?> m && !m.isEmpty()) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            key = section + "." + e.getKey();
            value = String.valueOf(e.getValue());
        } else if (given != null && !(given instanceof Map<?, ?>) && !(given instanceof List<?>) && !String.valueOf(given).isEmpty()) {
            value = String.valueOf(given);
        }
        return "'" + section + "' is a section with keys " + String.join(", ", Schema.childrenOf(section))
                + "; set one of them, e.g. --set " + key + "=" + value;
    }

    /** SnakeYAML's problem in one line, with the column when it has one. */
    private static String yamlProblem(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
            String where = m.getProblemMark() == null ? "" : " at column " + (m.getProblemMark().getColumn() + 1);
            String context = m.getContext() == null ? "" : m.getContext() + ", ";
            return context + m.getProblem() + where;
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static ConfigException unknownKey(String where, String key) {
        int dot = key.lastIndexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        while (!section.isEmpty() && !Schema.isSection(section)) {
            int d = section.lastIndexOf('.');
            section = d < 0 ? "" : section.substring(0, d);
        }
        List<String> known = Schema.childrenOf(section);
        String leaf = key.substring(section.isEmpty() ? 0 : section.length() + 1);
        String nearest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, leaf))).orElse(null);
        StringBuilder msg = new StringBuilder(where).append(": unknown key '").append(key).append("'");
        if (nearest != null && editDistance(nearest, leaf) <= Math.max(2, leaf.length() / 3)) {
            msg.append(" — did you mean '").append(section.isEmpty() ? "" : section + ".").append(nearest).append("'?");
        }
        msg.append(" Known keys").append(section.isEmpty() ? "" : " under '" + section + "'").append(": ")
                .append(String.join(", ", known));
        return new ConfigException(msg.toString());
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Object convert(Setting s, Object v, String where) {
        if (v == null) {
            if (s.nullable()) {
                return null;
            }
            throw bad(where, "null", s);
        }
        switch (s.type()) {
            case INT, LONG -> {
                if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
                    throw bad(where, v, s);
                }
                long n = ((Number) v).longValue();
                checkRange(s, n, where, v);
                if (s.type() == Setting.Type.INT) {
                    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                        throw bad(where, v, s);
                    }
                    return (int) n;
                }
                return n;
            }
            case DOUBLE -> {
                if (!(v instanceof Number num)) {
                    throw bad(where, v, s);
                }
                double d = num.doubleValue();
                if (!Double.isFinite(d)) {
                    throw bad(where, v, s);
                }
                checkRange(s, d, where, v);
                return d;
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) {
                    throw bad(where, v, s);
                }
                return v;
            }
            case STRING -> {
                if (v instanceof Map || v instanceof List) {
                    throw bad(where, v, s);
                }
                String str = String.valueOf(v);
                if (s.path().equals("name") && !isPlainName(str)) {
                    throw new ConfigException(where + ": '" + str + "' is not a plain name: the name becomes the folder "
                            + "<out>/<name>/, so " + NAME_RULE + ", e.g. name: margin-0.2");
                }
                return str;
            }
            case CHOICE -> {
                String str = String.valueOf(v);
                if (!s.choices().contains(str)) {
                    throw bad(where, v, s);
                }
                return str;
            }
            case INT_LIST -> {
                if (!(v instanceof List<?> list)) {
                    throw bad(where, v, s);
                }
                List<Integer> out = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof Integer i)) {
                        throw bad(where, v, s);
                    }
                    checkRange(s, i, where, v);
                    out.add(i);
                }
                return List.copyOf(out);
            }
            case STRING_LIST -> {
                if (!(v instanceof List<?> list)) {
                    throw bad(where, v, s);
                }
                List<String> out = new ArrayList<>();
                for (Object o : list) {
                    out.add(String.valueOf(o));
                }
                return List.copyOf(out);
            }
            default -> throw new IllegalStateException(s.type().toString());
        }
    }

    /** What an experiment name may be, for messages. */
    public static final String NAME_RULE = "use only letters, digits, '-', '_' and '.', not starting with '.' "
            + "(no '/', '\\', '..' or absolute paths)";

    /**
     * Whether {@code name} can be an experiment name: one folder directly below the results folder,
     * never a path that leaves it (no separators, not {@code .} or {@code ..}, not hidden).
     */
    public static boolean isPlainName(String name) {
        return name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    }

    private static void checkRange(Setting s, double d, String where, Object v) {
        if ((s.min() != null && d < s.min()) || (s.max() != null && d > s.max())) {
            throw bad(where, v, s);
        }
    }

    private static ConfigException bad(String where, Object v, Setting s) {
        String what = v + " is not allowed";
        String fix = "";
        if (v instanceof String str && quotedScalar(str, s.type())) {
            what = "the string \"" + str + "\" (in quotes) is not allowed";
            fix = where.startsWith("--set ") ? "; drop the quotes: --set " + s.path() + "=" + str.trim()
                    : "; drop the quotes: " + s.path() + ": " + str.trim();
        } else if ("".equals(v) && where.startsWith("--set ")) {
            what = "an empty value is not allowed";
            fix = "; give a value after '=', e.g. --set " + s.path() + "=" + example(s);
        } else if ("null".equals(v)) {
            what = "null (no value) is not allowed";
            fix = "; give a value, or remove the key to use the default";
        } else if (v instanceof Map<?, ?> || v instanceof List<?> && s.type() != Setting.Type.INT_LIST && s.type() != Setting.Type.STRING_LIST) {
            what = (v instanceof Map<?, ?> ? "a mapping " : "a list ") + v + " is not allowed";
        }
        return new ConfigException(where + ": " + what + "; expected " + s.allowed() + " (" + s.help() + ")" + fix);
    }

    /** Whether a string value would have been the right type without its quotes, e.g. "3" for an integer key. */
    private static boolean quotedScalar(String str, Setting.Type type) {
        Object unquoted;
        try {
            unquoted = yaml().load(str);
        } catch (YAMLException e) {
            return false;
        }
        return switch (type) {
            case INT, LONG -> unquoted instanceof Integer || unquoted instanceof Long || unquoted instanceof java.math.BigInteger;
            case DOUBLE -> unquoted instanceof Number;
            case BOOLEAN -> unquoted instanceof Boolean;
            default -> false;
        };
    }

    /** Where this config came from (the file path), for messages. */
    public String source() {
        return source;
    }

    @Override
    public Object get(String path) {
        if (!values.containsKey(path)) {
            throw new IllegalArgumentException("no such config key: " + path);
        }
        return values.get(path);
    }

    @Override
    public int getInt(String path) {
        return (Integer) get(path);
    }

    @Override
    public Integer getIntOrNull(String path) {
        return (Integer) get(path);
    }

    @Override
    public long getLong(String path) {
        return (Long) get(path);
    }

    @Override
    public double getDouble(String path) {
        return (Double) get(path);
    }

    @Override
    public Double getDoubleOrNull(String path) {
        return (Double) get(path);
    }

    @Override
    public boolean getBoolean(String path) {
        return (Boolean) get(path);
    }

    @Override
    public String getString(String path) {
        return (String) get(path);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String path) {
        return (List<Integer>) get(path);
    }

    /** The error a cross-key check raises, in the same format as per-key errors. */
    @Override
    public ConfigException error(String path, String problem) {
        return new ConfigException(where(path, problem) + ": key '" + path + "': " + problem);
    }

    /**
     * Where a rule about {@code path} was broken: the {@code --set} options that gave the keys the rule
     * names (the key itself, or another key its message mentions, e.g. data.source for data.combine), else
     * the config file. A two-key rule broken from the command line names the option the user typed.
     */
    private String where(String path, String problem) {
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, String> e : setBy.entrySet()) {
            String key = e.getKey();
            if (key.equals(path) || java.util.regex.Pattern.compile("(?<![\\w.])" + java.util.regex.Pattern.quote(key) + "(?![\\w.])")
                    .matcher(problem).find()) {
                options.add(e.getValue());
            }
        }
        if (options.isEmpty()) {
            return source;
        }
        String set = "--set " + String.join(", --set ", options);
        // The option alone when it gave the key; else the key is in the file and the option made it wrong.
        return setBy.containsKey(path) ? set : source + " (with " + set + ")";
    }

    /**
     * The resolved configuration as nested YAML with every key, in schema order — except keys added
     * after runs were recorded, which appear only when they differ from their default
     * ({@link Schema#omittedAtDefault}), so earlier configs keep their run ids.
     */
    public String toYaml() {
        Map<String, Object> nested = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (Schema.omittedAtDefault(e.getKey()) && Objects.equals(e.getValue(), Schema.get(e.getKey()).defaultValue())) {
                continue;
            }
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> m = nested;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
                m = child;
            }
            m.put(parts[parts.length - 1], e.getValue());
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(120);
        return new Yaml(o).dump(nested);
    }

    /** Flat view of all resolved values (unmodifiable). */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
