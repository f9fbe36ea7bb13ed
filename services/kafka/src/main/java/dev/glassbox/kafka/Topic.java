package dev.glassbox.kafka;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic of the catalogue with the serdes its records are written and read with.
 *
 * @param name the default topic name; services let configuration rename it
 * @param keySerde the key's serde
 * @param valueSerde the value's serde
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Serializer<K> keySerializer() {
    return keySerde.serializer();
  }

  public Serializer<V> valueSerializer() {
    return valueSerde.serializer();
  }

  public Deserializer<K> keyDeserializer() {
    return keySerde.deserializer();
  }

  public Deserializer<V> valueDeserializer() {
    return valueSerde.deserializer();
  }
}
