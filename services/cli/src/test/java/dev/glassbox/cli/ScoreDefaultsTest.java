package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explain.ExplainerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScoreDefaultsTest {

  @Test
  void scoreExplainsWithTheServicesDefaultsUnlessToldOtherwise() {
    ScoreCommand score = new ScoreCommand();
    new CommandLine(score).parseArgs("--in", "calls.jsonl", "--out", "out.jsonl");
    ExplainerSettings d = ExplainerSettings.DEFAULT;
    assertEquals(d.flagThreshold(), score.threshold);
    assertEquals(d.attribution().mode().id(), score.attribute);
    assertEquals(d.attribution().method().id(), score.method);
    assertEquals(32, score.batching.batch, "an option of score's own keeps its default");

    new CommandLine(score).parseArgs("--in", "c", "--out", "o", "--threshold", "0.7", "--attribute", "all");
    assertEquals(0.7, score.threshold);
    assertEquals("all", score.attribute);
  }

  @Test
  void theVerifierIsOffUnlessTurnedOnAndAnyOtherValueIsRefused() {
    ScoreCommand score = new ScoreCommand();
    new CommandLine(score).parseArgs("--in", "c", "--out", "o");
    assertFalse(score.verifierOption.on());
    new CommandLine(score).parseArgs("--in", "c", "--out", "o", "--verifier", "on");
    assertTrue(score.verifierOption.on());
    new CommandLine(score).parseArgs("--in", "c", "--out", "o", "--verifier", "off");
    assertNull(score.verifierOption.open());
    new CommandLine(score).parseArgs("--in", "c", "--out", "o", "--verifier", "maybe");
    assertTrue(assertThrows(IllegalArgumentException.class, score.verifierOption::open).getMessage().contains("on or off"));
  }

  @Test
  void evalNamesTheVerifiersOwnHeldOutViewsApartFromScoringWithIt() {
    EvalCommand eval = new EvalCommand();
    new CommandLine(eval).parseArgs("--in", "c", "--verifier", "off", "--verifier-views");
    assertTrue(eval.verifierViews);
    assertFalse(eval.verifierOption.on());
  }

  @Test
  void trainLearnsWithoutTheVerifierUnlessAsked() {
    TrainCommand train = new TrainCommand();
    new CommandLine(train).parseArgs();
    assertFalse(train.verifierOption.on());
    new CommandLine(train).parseArgs("--verifier", "on");
    assertTrue(train.verifierOption.on());
  }

  @Test
  void theHelpShowsTheDefaults() {
    String help = new CommandLine(new ScoreCommand()).getUsageMessage().replaceAll("\\s+", " ");
    assertTrue(help.contains("(default: flagged)") && help.contains("(default: contextcite)")
        && help.contains("(default: 0.5)"), help);
  }
}
