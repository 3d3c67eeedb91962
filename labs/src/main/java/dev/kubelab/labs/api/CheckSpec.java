package dev.kubelab.labs.api;

import java.util.Map;

/**
 * A check as written in the content: its kind and raw fields, not yet bound to a placement.
 * {@code where} names the file and line it came from, for error messages.
 */
public record CheckSpec(
    String id, String kind, int weight, String explain, String hint, Map<String, Object> fields, String where) {}
