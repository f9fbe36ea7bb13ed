package dev.glassbox.core.redact;

import java.math.BigInteger;
import java.util.Map;

/** The check-digit rules that tell a real card number or IBAN from any other run of digits. */
public final class Checksums {

  private Checksums() {}

  /** IBAN length per ISO 13616 country code (SWIFT IBAN registry). */
  static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
      Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
      Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
      Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
      Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
      Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
      Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
      Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
      Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
      Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
      Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
      Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
      Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
      Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
      Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
      Map.entry("VG", 24), Map.entry("XK", 20));

  private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

  /** Luhn (mod 10) check of a string of digits: doubling every second digit from the right. */
  public static boolean luhn(String digits) {
    if (digits.isEmpty()) return false;
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return false;
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /**
   * ISO 13616 check of a compact, upper-case IBAN: known country, its registered length, and the
   * number formed by moving the first four characters to the end (letters as 10–35) is 1 modulo 97.
   */
  public static boolean iban(String compact) {
    if (compact.length() < 5) return false;
    Integer length = IBAN_LENGTHS.get(compact.substring(0, 2));
    if (length == null || compact.length() != length) return false;
    if (!Character.isDigit(compact.charAt(2)) || !Character.isDigit(compact.charAt(3))) return false;
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    StringBuilder number = new StringBuilder(rearranged.length() * 2);
    for (int i = 0; i < rearranged.length(); i++) {
      char c = rearranged.charAt(i);
      if (c >= '0' && c <= '9') number.append(c);
      else if (c >= 'A' && c <= 'Z') number.append(c - 'A' + 10);
      else return false;
    }
    return new BigInteger(number.toString()).mod(NINETY_SEVEN).intValue() == 1;
  }
}
