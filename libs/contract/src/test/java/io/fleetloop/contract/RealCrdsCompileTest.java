package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real CRDs are ones the API server would accept: every rule compiles, defaults are valid. */
class RealCrdsCompileTest {

  @Test
  void theApiServerWouldAcceptTheCrds() {
    CrdContract contract = RealContract.get();
    if (!contract.warnings().isEmpty()) {
      System.out.println(
          "CRD warnings (fix in api/):\n"
              + contract.warnings().stream()
                  .map(CrdProblem::toString)
                  .collect(Collectors.joining("\n")));
    }
    assertThat(contract.errors()).as("CRD errors").isEmpty();
  }

  @Test
  void allFourKindsAreThere() {
    CrdContract contract = RealContract.get();
    assertThat(contract.crds())
        .extracting(c -> c.kind())
        .contains("DataTrigger", "HardwarePool", "TrainingRun", "FleetRelease");
  }
}
