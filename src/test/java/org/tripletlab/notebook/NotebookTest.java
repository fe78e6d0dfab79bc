package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class NotebookTest {
    @Test
    void findsTheProjectRootFromTheWorkingDirectory() {
        // Maven runs the tests in the project root, which has the launcher and the pom.
        Path home = Notebook.home();
        assertTrue(Files.isRegularFile(home.resolve("bin/tripletlab")), home.toString());
        assertTrue(Files.isRegularFile(home.resolve("pom.xml")), home.toString());
    }

    @Test
    void readsACsvFileAsATableNamedAfterIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("epochs.csv");
        Files.writeString(f, "epoch,val_accuracy\n0,0.5\n1,0.75\n");
        Table t = Notebook.csv(f);
        assertEquals("epochs.csv", t.name());
        assertEquals(2, t.rowCount());
        assertEquals(0.75, t.doubleColumn("val_accuracy").get(1), 1e-12);
    }

    @Test
    void aMissingCsvFileIsAnErrorNamingIt(@TempDir Path dir) {
        Path f = dir.resolve("nothing.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebook.csv(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void showTextEscapesMarkup() {
        assertEquals("<pre>a &lt;b&gt; &amp; c\nd</pre>", Show.text("a <b> & c\nd"));
    }
}
