package dev.glassbox.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page endpoint that a form of the store's own pages posts to: the page's cookie authorises it, but only for
 * a request the browser says comes from the same origin ({@code Sec-Fetch-Site} or {@code Origin}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CookieForm {}
