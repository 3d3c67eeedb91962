package dev.kubelab.labs.api;

import java.util.List;

/** A chapter of the book, holding labs in order. */
public record Chapter(String id, String title, int book, String vmware, String summary, List<Lab> labs) implements java.io.Serializable {}
