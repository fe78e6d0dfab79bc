package org.tripletlab.report;

import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The runs whose numbers are not test numbers for the benchmark, with the reason their provenance gives. */
final class NotTestSection {
    private final List<RunResult> notTestNumbers;
    private final String benchmark;

    NotTestSection(List<RunResult> notTestNumbers, String benchmark) {
        this.notTestNumbers = notTestNumbers;
        this.benchmark = benchmark;
    }

    /** The runs that are not test numbers: run folder (experiment/run-id) and the reason from their provenance. */
    Table text() {
        Table t = Table.create("not test numbers");
        StringColumn run = StringColumn.create("run");
        StringColumn reason = StringColumn.create("reason");
        for (RunResult r : notTestNumbers) {
            Path d = r.dir().toAbsolutePath().normalize();
            run.append((d.getParent() == null ? "" : d.getParent().getFileName() + "/") + d.getFileName());
            reason.append(r.notTestNumberReason(benchmark));
        }
        t.addColumns(run, reason);
        return t;
    }
}
