package org.tripletlab.sweep;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A fixed copy of the code a sweep's Slurm tasks run: {@code <sweep>/slurm/code/<fingerprint>/app.jar} (the class
 * path entry holding the main class) and {@code lib/} (every other entry), made at submission from this JVM's class
 * path. Tasks that wait in the queue for hours then run the code that was submitted, not whatever {@code target/}
 * holds when they start: {@code bin/tripletlab} rebuilds the jar when a source changed, and Maven rewrites
 * {@code target/lib/} in place.
 *
 * <p>A class path directory (Maven's {@code target/classes} when run from the build) is packed into a jar. The
 * fingerprint is the SHA-256 (first 12 hex digits) of every entry's name, and of each file's path, size and
 * modification time: the same build submitted again reuses its copy (about 160 MB with PyTorch's natives), a
 * rebuild gets a new one. The copy is made in a temporary folder and renamed into place, so a task never sees a
 * half-made copy, and two submissions racing for one fingerprint both end with a whole one.
 */
final class CodeSnapshot {
    /** The main jar inside a copy. */
    static final String APP_JAR = "app.jar";
    /** The folder of the other jars inside a copy. */
    static final String LIB = "lib";

    private CodeSnapshot() {
    }

    /**
     * The copy of {@code classPath} under {@code codeRoot}, made now unless this build's copy is there already.
     *
     * @param classPath the class path, entries separated by {@link File#pathSeparator}
     * @param mainClass the class the tasks run: its entry becomes {@link #APP_JAR}
     */
    static Path take(Path codeRoot, String classPath, Class<?> mainClass) {
        List<Path> entries = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isBlank() && Files.exists(Path.of(e))) {
                entries.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        String classFile = mainClass.getName().replace('.', '/') + ".class";
        Path app = entries.stream().filter(e -> holds(e, classFile)).findFirst().orElseThrow(() -> new IllegalStateException(
                "no entry of the class path " + classPath + " holds " + classFile + ": cannot copy the code for the Slurm tasks"));
        Path dest = codeRoot.resolve(fingerprint(entries));
        if (Files.isDirectory(dest)) {
            return dest;
        }
        Path tmp = null;
        try {
            Files.createDirectories(codeRoot);
            tmp = Files.createTempDirectory(codeRoot, ".copy-");
            Files.createDirectories(tmp.resolve(LIB));
            Set<String> names = new HashSet<>();
            for (Path e : entries) {
                Path to = e.equals(app) ? tmp.resolve(APP_JAR) : tmp.resolve(LIB).resolve(uniqueJarName(e, names));
                if (Files.isDirectory(e)) {
                    pack(e, to);
                } else {
                    Files.copy(e, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest);
            }
            tmp = null;
            return dest;
        } catch (FileAlreadyExistsException e) {
            return dest; // another submission of the same build made it first
        } catch (IOException e) {
            if (Files.isDirectory(dest)) {
                return dest; // renaming onto a non-empty folder fails with DirectoryNotEmptyException on Linux
            }
            throw new UncheckedIOException("cannot copy the code for the Slurm tasks into " + dest + ": " + e.getMessage()
                    + "; check that " + codeRoot + " is writable and has space (about the size of target/lib)", e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static boolean holds(Path entry, String classFile) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(classFile));
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry.toFile())) {
            return jar.getEntry(classFile) != null;
        } catch (IOException e) {
            return false; // not a jar
        }
    }

    /** A jar name in lib/ not taken yet: the entry's own, or for a folder its name + .jar; a clash gets a number. */
    private static String uniqueJarName(Path entry, Set<String> taken) {
        String base = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
            base = base + ".jar";
        }
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = i + "-" + base;
        }
        return name;
    }

    /** 12 hex digits of the SHA-256 of the entries' names and their files' paths, sizes and modification times. */
    static String fingerprint(List<Path> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path e : entries) {
                sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
                for (Path f : files(e)) {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    sha.update((e.relativize(f) + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path entry: " + e.getMessage(), e);
        }
    }

    /** The regular files of an entry (itself when it is a file), in a stable order. */
    private static List<Path> files(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> s = Files.walk(entry)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static void pack(Path dir, Path jar) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(p -> !p.equals(dir)).sorted(Comparator.comparing(Path::toString)).toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Path f : all) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                // folder entries too: resources looked up as folders are found as they are in the build's directory
                j.putNextEntry(new JarEntry(Files.isDirectory(f) ? name + "/" : name));
                if (!Files.isDirectory(f)) {
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind: a hidden .copy-* folder, harmless
                }
            });
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
