package org.tripletlab.cli;

import org.tripletlab.util.BuildInfo;
import picocli.CommandLine;

/** Prints the build's version for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"tripletlab " + BuildInfo.version()};
    }
}
