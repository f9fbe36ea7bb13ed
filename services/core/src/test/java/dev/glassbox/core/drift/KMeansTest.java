package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class KMeansTest {

  @Test
  void separatesTwoBlobsTheSameWayEveryTime() {
    float[][] points = {{0, 0}, {0.1f, 0}, {0, 0.1f}, {10, 10}, {10.1f, 10}, {10, 10.1f}};
    KMeans.Result a = KMeans.fit(points, 2, 9);
    assertEquals(a.assignment()[0], a.assignment()[2]);
    assertEquals(a.assignment()[3], a.assignment()[5]);
    assertNotEquals(a.assignment()[0], a.assignment()[3]);
    assertArrayEquals(a.assignment(), KMeans.fit(points, 2, 9).assignment());
    assertEquals(10.0333, a.centroids()[a.assignment()[3]][0], 1e-3);
  }
}
