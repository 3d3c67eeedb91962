package dev.kubelab.labs.glossary;

import java.util.List;

/**
 * One row of the VMware-to-Kubernetes map: a VMware term and its Kubernetes counterpart, what
 * the counterpart does, where the analogy breaks, the kubectl that shows it on a cluster, and the
 * labs that practise it.
 *
 * @param vmware the VMware term as written ("DRS")
 * @param aliases other VMware names for it ("Distributed Resource Scheduler")
 * @param kubernetes the counterpart as shown ("kube-scheduler, plus the Descheduler")
 * @param kubernetesTerms Kubernetes names that find this entry; several entries may share one
 * @param layer where in the stack it sits
 * @param means what the counterpart is and does, in Markdown
 * @param breaks where the analogy breaks, in Markdown
 * @param kubectl commands that show it on a cluster
 * @param labs ids of the labs that practise it
 * @param where file and line of the entry, for messages
 */
public record GlossaryEntry(
    String vmware,
    List<String> aliases,
    String kubernetes,
    List<String> kubernetesTerms,
    Layer layer,
    String means,
    String breaks,
    List<String> kubectl,
    List<String> labs,
    String where) {}
