package dev.kubelab.runner.exam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task of an attempt: the exercise, the namespace prefix it runs under, and what the learner did. */
public final class AttemptTask {
  public int number;
  public String domain;
  public String lab;
  public String exercise;
  public int points;
  /** Placement.prefixed(lab, prefix) gives the task's namespaces. */
  public String prefix;
  public boolean flagged;
  /** Answers to answer and choice checks, by check id. */
  public Map<String, String> answers = new LinkedHashMap<>();
  /** UIDs of what setup created, for unchanged checks. */
  public Map<String, String> setupUids = new LinkedHashMap<>();
  /** Checks that passed right after setup; they earn their weight only with progress on the task. */
  public List<String> heldAtStart = new ArrayList<>();
}
