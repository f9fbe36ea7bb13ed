package dev.glassbox.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How configuration, the command line and JSON name an enum constant: its name in lower case, {@code _} as {@code -}. */
public final class EnumIds {

  private EnumIds() {}

  /** The id of {@code value}, e.g. {@code LEAVE_ONE_OUT} → {@code leave-one-out}. */
  public static String id(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} with this id; an unknown id is refused naming {@code what} and the ids there are. */
  public static <E extends Enum<E>> E of(Class<E> type, String id, String what) {
    E[] values = type.getEnumConstants();
    for (E e : values) {
      if (id(e).equals(id)) return e;
    }
    List<String> ids = Arrays.stream(values).map(EnumIds::id).toList();
    String choices = ids.size() == 1 ? ids.get(0)
        : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    throw new IllegalArgumentException(what + " '" + id + "': use " + choices);
  }
}
