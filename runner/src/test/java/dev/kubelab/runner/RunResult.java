package dev.kubelab.runner;

/** What one kubelab run printed and returned; {@code clusterOpened} tells whether it needed the cluster. */
record RunResult(int exitCode, String out, String err, boolean clusterOpened) {}
