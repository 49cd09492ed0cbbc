package io.memkube.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a CRD's printer columns in the order the class declares its {@link AdditionalPrinterColumn}
 * annotations, which is the order {@code kubectl get} shows them in. Fabric8's generator (7.5.2)
 * sorts them by JSON path instead and offers no ordering attribute; its post-processor hook is the
 * supported place to change the generated CRD. Columns the class does not declare keep their
 * generated order, after the declared ones.
 */
final class PrinterColumnsInDeclaredOrder implements CRDPostProcessor {

  private final String crdName;
  private final List<String> declared;

  PrinterColumnsInDeclaredOrder(Class<? extends HasMetadata> type) {
    this.crdName = HasMetadata.getFullResourceName(type);
    this.declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
  }

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition v1 && crdName.equals(crd.getMetadata().getName())) {
      for (var version : v1.getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        if (columns != null) {
          version.setAdditionalPrinterColumns(
              columns.stream().sorted(Comparator.comparingInt(this::position)).toList());
        }
      }
    }
    return crd;
  }

  private int position(CustomResourceColumnDefinition column) {
    int index = declared.indexOf(column.getName());
    return index < 0 ? declared.size() : index;
  }
}
