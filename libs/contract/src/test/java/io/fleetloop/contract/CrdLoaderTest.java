package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.contract.crd.Crd;
import io.fleetloop.contract.crd.CrdLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdLoaderTest {

  @Test
  void findsCrdsOnTheClasspathBySuffix() throws Exception {
    List<Crd> crds =
        CrdLoader.fromClasspath(getClass().getClassLoader(), "fixtures/crds", ".example.io-v1.yml");
    assertThat(crds).extracting(Crd::name).containsExactly("gadgets.example.io");
    Crd gadget = crds.get(0);
    assertThat(gadget.kind()).isEqualTo("Gadget");
    assertThat(gadget.namespaced()).isFalse();
    assertThat(gadget.names().singular()).isEqualTo("gadget");
    assertThat(gadget.names().listKind()).isEqualTo("GadgetList");
    assertThat(gadget.apiVersions()).containsExactly("example.io/v1beta1", "example.io/v1");
    assertThat(gadget.version("v1beta1"))
        .hasValueSatisfying(v -> assertThat(v.deprecated()).isTrue());
  }

  @Test
  void readsCrdsFromADirectory() throws Exception {
    Path dir = Paths.get(getClass().getResource("/fixtures/crds").toURI());
    assertThat(CrdLoader.read(dir)).extracting(Crd::kind).containsExactly("Gadget");
  }

  @Test
  void eachServedVersionIsValidatedAgainstItsOwnSchema() throws Exception {
    CrdContract contract =
        CrdContract.load(Paths.get(getClass().getResource("/fixtures/crds").toURI()));
    assertThat(contract.problems()).isEmpty();
    var v1 =
        TestCrds.yaml(
            "apiVersion: example.io/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 5}");
    var beta =
        TestCrds.yaml(
            "apiVersion: example.io/v1beta1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 5}");
    assertThat(contract.validate(v1)).hasSize(1);
    assertThat(contract.validate(beta)).isEmpty();
    assertThat(contract.crdFor("example.io/v1", "Gadget")).isPresent();
    assertThat(contract.definesGroup("example.io")).isTrue();
  }
}
