package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The PodDisruptionBudget's status (its counts, rewritten by the disruption controller whenever a
 * pod turns Ready) is never read: only changes of its spec or metadata need a reconciliation.
 */
public class PodDisruptionBudgetChanged extends MetadataOrSpecChanged<PodDisruptionBudget> {}
