package io.fleetloop.contract;

import java.io.IOException;
import java.io.UncheckedIOException;

/** CRDs whose shape TestCrds does not cover. */
final class CrdContractTestSupport {

  private CrdContractTestSupport() {}

  /** A Widget CRD with one rule at the root of the schema. */
  static CrdContract withRootRule(String rule) {
    String crd =
        TestCrds.widgetCrd("type: object")
            .replace(
                "      openAPIV3Schema:\n        type: object\n",
                "      openAPIV3Schema:\n        type: object\n"
                    + "        x-kubernetes-validations:\n"
                    + "        - rule: \""
                    + rule.replace("\"", "\\\"")
                    + "\"\n");
    if (!crd.contains(rule)) {
      throw new IllegalStateException("the Widget CRD template changed: " + crd);
    }
    try {
      return CrdContract.parse(crd);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
