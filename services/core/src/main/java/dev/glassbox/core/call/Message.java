package dev.glassbox.core.call;

/** One prompt message: its role ({@code system}, {@code user}, {@code assistant}, {@code tool}, ...) and text. */
public record Message(String role, String content) {}
