package dev.kubelab.labs.exam;

/** One task of an attempt: its number (from 1, the order the learner sees), its domain and the exercise. */
public record DrawnTask(int number, String domain, String lab, String exercise, int points) {}
