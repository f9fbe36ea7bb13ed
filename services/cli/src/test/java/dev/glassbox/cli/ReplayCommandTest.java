package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.adapt.RecordFormat;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

  @Test
  void ratesAreRecordsPerSecondWithOrWithoutTheUnit() {
    assertEquals(50.0, ReplayCommand.parseRate("50/s"));
    assertEquals(2.5, ReplayCommand.parseRate(" 2.5 / s"));
    assertEquals(7.0, ReplayCommand.parseRate("7"));
    assertEquals("--rate must be a positive number of records per second, e.g. 50/s, not '0/s'",
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.parseRate("0/s")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReplayCommand.parseRate("fast"));
  }

  @Test
  void eachFormatGoesToItsIngestEndpoint() {
    assertEquals("/v1/calls", ReplayCommand.endpoint(RecordFormat.NATIVE));
    assertEquals("/v1/openai", ReplayCommand.endpoint(RecordFormat.OPENAI));
    assertEquals("/v1/traces", ReplayCommand.endpoint(RecordFormat.OTLP));
    assertEquals("/v1/traces", ReplayCommand.endpoint(RecordFormat.OPENINFERENCE));
  }

  @Test
  void thePacerHoldsTheRate() throws InterruptedException {
    ReplayCommand.Pacer pacer = new ReplayCommand.Pacer(100);
    long start = System.nanoTime();
    for (int i = 0; i < 21; i++) pacer.await(1);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.19, "21 records at 100/s took " + seconds + " s");
  }
}
