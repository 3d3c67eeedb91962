package dev.kubelab.runner.command;

/** A command whose arguments go to another program untouched (kubectl's own --context, --kubeconfig, ...). */
public interface PassThrough {
  /**
   * Whether --help as the first word is this command's own (as, node exec: no identity or node
   * starts with a dash); kubectl's is kubectl's, so 'help kubectl' shows kubelab's usage of it.
   */
  default boolean ownHelp() {
    return true;
  }
}
