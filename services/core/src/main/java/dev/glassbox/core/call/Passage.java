package dev.glassbox.core.call;

/** One retrieved context passage; {@code id} names it in explanations as {@code context:<id>}. */
public record Passage(String id, String text) {}
