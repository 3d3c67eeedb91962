package dev.kubelab.runner.command;

/** A command whose arguments all go, untouched, to another program (options included). */
public interface PassThrough {}
