package org.tripletlab.data.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tripletlab.data.TextLines;

/**
 * LFW's identity lists, for training on some people and testing on others.
 *
 * <p>Formats (fields separated by blanks or tabs):
 * <ul>
 *   <li>{@code people.txt}: a line {@code <folds>} (10), then per fold a line {@code <size>} followed by
 *       {@code size} lines {@code Name <image count>}. The folds are identity-disjoint; training on 9 and
 *       testing on the 10th never tests on a person seen in training.</li>
 *   <li>{@code peopleDevTrain.txt}, {@code peopleDevTest.txt} (View 1): a line {@code <n>} then {@code n}
 *       lines {@code Name <image count>}; read as a single fold.</li>
 * </ul>
 * A malformed line, a count that disagrees with the lines that follow, or a person listed in two folds
 * is a {@link org.tripletlab.data.DataException} naming the file and line.
 *
 * @param folds the folds in file order (fold 0 is the first); each a list of people in file order
 */
public record LfwPeople(List<List<Person>> folds) {
    /** One person: LFW name (underscores for blanks, e.g. {@code Aaron_Eckhart}) and image count. */
    public record Person(String name, int images) {
    }

    public LfwPeople {
        folds = folds.stream().map(List::copyOf).toList();
    }

    /** {@code people.txt}: the 10 identity-disjoint folds of View 2. */
    public static LfwPeople folds(Path lfw) {
        TextLines in = TextLines.read(lfw.resolve("people.txt"), "LFW people folds: '<folds>', then per fold '<size>' and 'Name count' lines");
        TextLines.Line header = in.next("the fold count");
        in.expectFields(header, "the fold count", 1);
        int n = in.intField(header, 0, 1, "fold count");
        List<List<Person>> folds = new ArrayList<>();
        Map<String, Integer> foldOf = new HashMap<>();
        for (int f = 0; f < n; f++) {
            TextLines.Line size = in.next("the size line of fold " + (f + 1));
            in.expectFields(size, "the size line '<people>' of fold " + (f + 1), 1);
            int k = in.intField(size, 0, 0, "fold size");
            List<Person> fold = people(in, k, "fold " + (f + 1));
            for (Person p : fold) {
                Integer before = foldOf.putIfAbsent(p.name(), f);
                if (before != null) {
                    throw new org.tripletlab.data.DataException(in.file() + ": " + p.name() + " is listed in fold " + (before + 1)
                            + " and fold " + (f + 1) + "; the folds must be identity-disjoint");
                }
            }
            folds.add(fold);
        }
        in.expectEnd(n + " folds");
        return new LfwPeople(folds);
    }

    /** {@code peopleDevTrain.txt} as one fold. */
    public static LfwPeople devTrain(Path lfw) {
        return single(lfw.resolve("peopleDevTrain.txt"));
    }

    /** {@code peopleDevTest.txt} as one fold. */
    public static LfwPeople devTest(Path lfw) {
        return single(lfw.resolve("peopleDevTest.txt"));
    }

    private static LfwPeople single(Path file) {
        TextLines in = TextLines.read(file, "LFW people list: '<n>', then n 'Name count' lines");
        TextLines.Line header = in.next("the count line");
        in.expectFields(header, "the count line '<n>'", 1);
        int n = in.intField(header, 0, 0, "person count");
        List<Person> people = people(in, n, "the list");
        in.expectEnd(n + " people");
        return new LfwPeople(List.of(people));
    }

    private static List<Person> people(TextLines in, int n, String where) {
        List<Person> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TextLines.Line l = in.next("person " + (i + 1) + " of " + n + " in " + where + " ('Name count')");
            in.expectFields(l, "'Name count' (person " + (i + 1) + " of " + n + " in " + where + ")", 2);
            out.add(new Person(l.fields()[0], in.intField(l, 1, 1, "image count")));
        }
        return out;
    }

    public int foldCount() {
        return folds.size();
    }

    /** Names of the people in the given 0-based folds, in fold then file order. */
    public Set<String> names(int... foldIndices) {
        Set<String> out = new LinkedHashSet<>();
        for (int f : foldIndices) {
            if (f < 0 || f >= folds.size()) {
                throw new IllegalArgumentException("fold " + f + " outside 0.." + (folds.size() - 1));
            }
            folds.get(f).forEach(p -> out.add(p.name()));
        }
        return out;
    }

    /** Names in every fold except {@code testFold} (0-based): the training identities of that split. */
    public Set<String> namesExcept(int testFold) {
        return names(java.util.stream.IntStream.range(0, folds.size()).filter(f -> f != testFold).toArray());
    }

    /** Total image count of a fold as the file states it. */
    public int imageCount(int fold) {
        return folds.get(fold).stream().mapToInt(Person::images).sum();
    }
}
