package dev.glassbox.core.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.redact.PiiDetector.Finding;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

  private static List<String> found(String text) {
    return PiiDetector.ALL.find(text).stream().map(f -> f.type().id() + "=" + f.of(text)).toList();
  }

  @Test
  void luhnAndMod97MatchHandWorkedExamples() {
    // 79927398713: the textbook Luhn example (sum 70); changing the last digit breaks it.
    assertTrue(Checksums.luhn("79927398713"));
    assertFalse(Checksums.luhn("79927398710"));
    assertTrue(Checksums.luhn("4111111111111111"));
    assertFalse(Checksums.luhn("4111111111111112"));
    // GB82WEST12345698765432 -> WEST12345698765432GB82 -> 3214282912345698765432161182 mod 97 = 1.
    assertTrue(Checksums.iban("GB82WEST12345698765432"));
    assertFalse(Checksums.iban("GB82WEST12345698765433"));
    assertFalse(Checksums.iban("GB82WEST1234569876543"), "one character short of Britain's 22");
    assertFalse(Checksums.iban("ZZ82WEST12345698765432"), "no such country");
  }

  @Test
  void findsEachTypeWithExactOffsets() {
    String text = "Mail alice@example.com now";
    assertEquals(List.of(new Finding(PiiType.EMAIL, 5, 22)), PiiDetector.ALL.find(text));
    assertEquals(List.of(new Finding(PiiType.CARD, 4, 23)), PiiDetector.ALL.find("pay 4111 1111 1111 1111."));
    assertEquals(List.of(new Finding(PiiType.IBAN, 3, 30)), PiiDetector.ALL.find("to GB82 WEST 1234 5698 7654 32 today"));
    assertEquals(List.of(new Finding(PiiType.IP, 5, 14)), PiiDetector.ALL.find("host 192.0.2.1:8080"));
    assertEquals(List.of(new Finding(PiiType.PHONE, 8, 22)), PiiDetector.ALL.find("call me (415) 555-0132."));
    // The label stays, only the token goes.
    assertEquals(List.of(new Finding(PiiType.SECRET, 22, 52)),
        PiiDetector.ALL.find("Authorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"));
  }

  @Test
  void cardsNeedTheLuhnCheckAndAnIssuerPrefix() {
    assertEquals(List.of("card=4111111111111111", "card=5105-1051-0510-5100", "card=378282246310005"),
        found("4111111111111111, 5105-1051-0510-5100 and 378282246310005"));
    assertEquals(List.of(), found("4111111111111112 and 378282246310006"), "invalid check digit");
    assertEquals(List.of(), found("id 1234567890123452"), "passes Luhn but no card starts with 1");
    assertEquals(List.of(), found("4111-1111 1111-1111"), "mixed separators are not one number");
    // A card followed by other numbers is still found: sub-runs of the digit groups are tried.
    assertEquals(List.of("card=4242 4242 4242 4242"), found("card 4242 4242 4242 4242 12 28"));
  }

  @Test
  void ibansNeedTheCountryLengthAndTheMod97Check() {
    assertEquals(List.of("iban=DE89370400440532013000", "iban=FR1420041010050500013M02606"),
        found("DE89370400440532013000 or FR1420041010050500013M02606."));
    assertEquals(List.of(), found("GB82WEST12345698765433 and DE89370400440532013001"));
    assertEquals(List.of(), found("GB82WEST12345698765432X"), "longer than an IBAN of its country");
  }

  @Test
  void ipsAreDottedQuadsInRangeOrValidIpv6() {
    assertEquals(List.of("ip=203.0.113.254", "ip=2001:db8::1", "ip=2001:0db8:0000:0000:0000:ff00:0042:8329"),
        found("203.0.113.254, 2001:db8::1 and 2001:0db8:0000:0000:0000:ff00:0042:8329"));
    assertEquals(List.of(), found("999.1.1.1, 1.2.3, 12:30:45, std::vector, 00:1a:2b:3c:4d:5e, ::1"));
    assertEquals(List.of(), found("version 10.0.19041.1 and v1.2.3.4"));
    assertTrue(PiiDetector.isIpv6("::ffff:192.0.2.1"));
    assertFalse(PiiDetector.isIpv6("1::2::3"));
  }

  @Test
  void phonesNeedAPhoneShape() {
    assertEquals(List.of("phone=+1 202 555 0143", "phone=+44 20 7946 0958", "phone=020 7946 0958",
        "phone=+33 6 12 34 56 78", "phone=415.555.0199", "phone=+14155550123"),
        found("+1 202 555 0143; +44 20 7946 0958; 020 7946 0958; +33 6 12 34 56 78; 415.555.0199; +14155550123"));
    assertEquals(List.of("phone=555 0199"), found("phone: 555 0199"), "seven digits only after a phone word");
    assertEquals(List.of("phone=+44 20 7946 0958"), found("+44 20 7946 0958 2 times"));
  }

  @Test
  void ordinaryNumbersAreNotPersonalData() {
    String text = "On 2026-11-28 (or 28.11.2026, 11/28/2026) sales rose 3.5% to $1,299.99 and EUR 1 250 000; "
        + "version 1.2.3 and 2.10.4-beta; order #48213, ORD-2024-000123, A-7731-22, invoice 2026-0042; "
        + "ISBN 0-306-40615-2 and 978-3-16-148410-0; ids 1234567890 and 20261128; years 1999 2000 2024; "
        + "at 12:30:45; sizes 10 12 14 16 18 20; tel. extension 12; the bearer of news; sk-learn-compatible-estimators-here; "
        + "ask-anything-about-the-system-design-here; @handle and user@localhost.";
    assertEquals(List.of(), found(text));
  }

  @Test
  void overlappingFindingsKeepTheMostSpecific() {
    // An e-mail whose local part looks like a phone number is one e-mail.
    assertEquals(List.of("email=415-555-0132@example.com"), found("415-555-0132@example.com"));
    // A JWT after "Bearer" is one secret.
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc";
    assertEquals(List.of("secret=" + jwt), found("Bearer " + jwt));
    List<Finding> resolved = PiiDetector.resolve(List.of(new Finding(PiiType.PHONE, 0, 10),
        new Finding(PiiType.CARD, 2, 18), new Finding(PiiType.IP, 20, 29)));
    assertEquals(List.of(new Finding(PiiType.CARD, 2, 18), new Finding(PiiType.IP, 20, 29)), resolved);
  }

  @Test
  void secretsByPrefixShapeAndLabel() {
    assertEquals(List.of("secret=AKIAIOSFODNN7EXAMPLE", "secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        found("AKIAIOSFODNN7EXAMPLE aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    assertEquals(List.of("secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        found("{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}"));
    assertEquals(List.of("secret=xoxb-123456789012-abcdefABCDEF", "secret=ghp_1234567890abcdefghijABCDEFGHIJ123456"),
        found("xoxb-123456789012-abcdefABCDEF ghp_1234567890abcdefghijABCDEFGHIJ123456"));
    // A key block keeps its BEGIN and END lines; its body goes.
    String block = "-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASC\nAbC0==\n-----END PRIVATE KEY-----";
    assertEquals(List.of("secret=MIIBVgIBADANBgkqhkiG9w0BAQEFAASC\nAbC0=="), found("key:\n" + block + "\nthanks"));
    String truncated = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
    assertEquals(List.of("secret=b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"), found("log: " + truncated),
        "an unterminated block runs to the end");
  }

  @Test
  void onlyTheEnabledDetectorsRun() {
    PiiDetector emailsOnly = new PiiDetector(EnumSet.of(PiiType.EMAIL));
    assertEquals(List.of(new Finding(PiiType.EMAIL, 0, 17)),
        emailsOnly.find("alice@example.com 4111111111111111 192.0.2.1"));
    assertEquals(List.of(), new PiiDetector(EnumSet.noneOf(PiiType.class)).find("alice@example.com"));
  }
}
