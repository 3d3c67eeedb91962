package dev.kubelab.labs.api;

/**
 * A shell command run as root on one node of the embedded cluster ({@code sh -c run}): how a lab
 * sets up node-level state (a static pod manifest, a broken kubelet file) and how a reference
 * solution repairs it. Both strings are templates ({@code ${nodes[0]}}).
 */
public record NodeCommand(String node, String run) implements java.io.Serializable {}
