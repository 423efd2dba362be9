package io.fleetloop.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.chip.Rounding;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private static final String URI = "s3://models/run/model.flm";
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static List<Suite> suites;

  @BeforeAll
  static void buildSuites() {
    suites = Suites.build(List.of(Suites.HELDOUT, Suites.TAIL), TestModels.SMALL);
  }

  private static ValidationReport validate(PolicyModel model, Gates gates) {
    List<String> lines = new ArrayList<>();
    ValidationReport r = Validator.validate(model, URI, DIGEST, suites, gates, lines::add);
    assertThat(lines).hasSize(suites.size());
    return r;
  }

  @Test
  void suitesAreDeterministicAndTheTailIsRareAndHazardHeavy() {
    Suite heldout = suites.get(0);
    Suite tail = suites.get(1);
    Suite again = Suites.build(Suites.TAIL, TestModels.SMALL);
    assertThat(again.samples().size()).isEqualTo(tail.samples().size()).isPositive();
    float[] a = new float[tail.samples().inputs()];
    float[] b = new float[tail.samples().inputs()];
    for (int i = 0; i < tail.samples().size(); i++) {
      tail.samples().input(i, a);
      again.samples().input(i, b);
      assertThat(b).containsExactly(a);
      assertThat(TrainingSamples.label(again.samples(), i))
          .isEqualTo(TrainingSamples.label(tail.samples(), i));
    }
    for (int i = 0; i < tail.samples().size(); i++) {
      assertThat(Conditions.RARE.test(tail.samples().tag(i))).isTrue();
    }
    assertThat(hazardShare(tail.samples())).isGreaterThan(hazardShare(heldout.samples()));
    assertThat(heldout.worldSeed()).isNotEqualTo(tail.worldSeed()).isNotEqualTo(1L);
  }

  private static double hazardShare(Dataset d) {
    int h = 0;
    for (int i = 0; i < d.size(); i++) {
      h += Suites.hazard(d, i) ? 1 : 0;
    }
    return (double) h / d.size();
  }

  @Test
  void aTrainedModelIsMoreAccurateThanAnUntrainedOneAndTheFiguresAddUp() {
    ValidationReport trained = validate(TestModels.fp32(), Gates.none());
    ValidationReport untrained =
        validate(PolicyModel.untrained(PolicyTraining.POLICY_NAME, "u", 5), Gates.none());
    assertThat(trained.passed()).isTrue();
    assertThat(trained.accuracy()).isGreaterThan(untrained.accuracy() + 0.1);
    SuiteResult heldout = trained.perSuite().get(Suites.HELDOUT);
    assertThat(heldout.frames()).isEqualTo(suites.get(0).samples().size());
    // FP32 model: the deployed decision is the FP32 one
    assertThat(heldout.accuracy()).isEqualTo(heldout.fp32Accuracy());
    assertThat(heldout.chipDisagreement()).isNull();
    assertThat(trained.chipDisagreement()).isNull();
    int frames =
        heldout.perCondition().values().stream()
            .mapToInt(SuiteResult.ConditionResult::frames)
            .sum();
    assertThat(frames).isEqualTo(heldout.frames());
    double weighted =
        heldout.perCondition().values().stream().mapToDouble(c -> c.accuracy() * c.frames()).sum()
            / frames;
    assertThat(weighted).isCloseTo(heldout.accuracy(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(trained.accuracy())
        .isEqualTo(Math.min(heldout.accuracy(), trained.perSuite().get(Suites.TAIL).accuracy()));
    assertThat(trained.summary()).contains("no gate").contains("no chip deployment");
  }

  @Test
  void theAccuracyGatePassesAtTheMeasuredValueAndFailsJustAboveIt() {
    double measured = validate(TestModels.fp32(), Gates.none()).accuracy();
    ValidationReport pass = validate(TestModels.fp32(), new Gates(measured, null));
    assertThat(pass.passed()).isTrue();
    assertThat(pass.reasons()).isEmpty();
    assertThat(pass.summary()).contains("≥").contains("on heldout").contains("on tail");

    ValidationReport fail =
        validate(TestModels.fp32(), new Gates(Math.min(1, measured + 0.01), null));
    assertThat(fail.passed()).isFalse();
    assertThat(fail.reasons()).anySatisfy(r -> assertThat(r).startsWith("accuracy").contains("<"));
  }

  @Test
  void aChipModelIsJudgedOnTheChipAndItsDisagreementOnTheTail() {
    PolicyModel chip = TestModels.chip(Rounding.TOWARD_ZERO);
    ValidationReport r = validate(chip, new Gates(null, 1.0));
    SuiteResult tail = r.perSuite().get(Suites.TAIL);
    assertThat(tail.chipDisagreement()).isNotNull().isBetween(0.0, 1.0);
    assertThat(r.chipDisagreement()).isEqualTo(tail.chipDisagreement());
    assertThat(r.passed()).isTrue();
    assertThat(r.summary()).contains("chip disagreement").contains("≤ 1.000 on tail");
    // the deployed (chip) accuracy differs from FP32's exactly where the chip disagrees
    if (tail.chipDisagreement() > 0) {
      assertThat(Math.abs(tail.accuracy() - tail.fp32Accuracy()))
          .isLessThanOrEqualTo(tail.chipDisagreement() + 1e-12);
    }
    ValidationReport strict = validate(chip, new Gates(null, 0.0));
    assertThat(strict.passed()).isEqualTo(tail.chipDisagreement() == 0.0);
    if (!strict.passed()) {
      assertThat(strict.reasons())
          .containsExactly(
              "chip disagreement %s > 0.000 on tail".formatted(Validator.f(r.chipDisagreement())));
    }
  }

  @Test
  void theChipDisagreementIsMeasuredNotAssumed() {
    // an untrained network has small logit margins: int8 requantization flips some decisions
    PolicyModel untrained =
        TestModels.chip(
            PolicyModel.untrained(PolicyTraining.POLICY_NAME, "u", 11), Rounding.TOWARD_ZERO);
    ValidationReport r = validate(untrained, new Gates(null, 0.0));
    assertThat(r.chipDisagreement()).isPositive();
    assertThat(r.passed()).isFalse();
    SuiteResult tail = r.perSuite().get(Suites.TAIL);
    assertThat(Math.abs(tail.accuracy() - tail.fp32Accuracy()))
        .isLessThanOrEqualTo(tail.chipDisagreement() + 1e-12);
  }

  @Test
  void aSuiteFromTheModelsOwnTrainingWorldFailsTheValidation() {
    Suite own =
        new Suite(
            "heldout",
            TestModels.TRAIN_SEED,
            TrainingSamples.fromPolicyDataset(
                PolicyTraining.humanDemonstrations(
                    io.fleetloop.world.WorldConfig.defaults().toBuilder()
                        .seed(TestModels.TRAIN_SEED)
                        .vehicles(10)
                        .build(),
                    100,
                    10,
                    Conditions.ALL)));
    ValidationReport r =
        Validator.validate(TestModels.fp32(), URI, DIGEST, List.of(own), Gates.none(), l -> {});
    assertThat(r.passed()).isFalse();
    assertThat(r.reasons()).singleElement().asString().contains("not held out");
  }

  @Test
  void theReportIsTheValidationJsonContract() throws Exception {
    ValidationReport r = validate(TestModels.chip(Rounding.HALF_EVEN), new Gates(0.5, 0.2));
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertThat(json.get("suites").toString()).isEqualTo("[\"heldout\",\"tail\"]");
    assertThat(json.get("accuracy").asDouble()).isEqualTo(r.accuracy());
    assertThat(json.get("chipDisagreement").asDouble()).isEqualTo(r.chipDisagreement());
    assertThat(json.get("gates").get("minAccuracy").asDouble()).isEqualTo(0.5);
    assertThat(json.get("gates").get("maxChipDisagreement").asDouble()).isEqualTo(0.2);
    assertThat(json.get("passed").asBoolean()).isEqualTo(r.passed());
    assertThat(json.get("reasons").size()).isEqualTo(r.reasons().size());
    assertThat(json.get("perSuite").get("tail").get("frames").asInt())
        .isEqualTo(r.perSuite().get("tail").frames());
    assertThat(json.get("perSuite").get("heldout").get("perCondition").size()).isPositive();
    assertThat(json.get("digest").asText()).isEqualTo(DIGEST);
  }

  @Test
  void aModelWhoseBytesDoNotHaveTheRegisteredDigestIsRefused() {
    byte[] bytes = TestModels.fp32().toArtifact().toBytes();
    String digest = DatasetManifest.digestOf(bytes);
    assertThat(ModelSource.verify(bytes, URI, digest).mlp().inputs()).isEqualTo(26);
    byte[] tampered = bytes.clone();
    tampered[tampered.length / 2] ^= 1;
    assertThatThrownBy(() -> ModelSource.verify(tampered, URI, digest))
        .isInstanceOf(ModelSource.DigestMismatchException.class)
        .hasMessageContaining(URI)
        .hasMessageContaining("but " + digest + " was registered");
  }

  @Test
  void argumentsDefaultTheReportNextToTheModelAndRefuseNonsense() {
    ValidatorArgs a = ValidatorArgs.parse(new String[] {"--model", URI, "--digest", DIGEST});
    assertThat(a.output().toString()).isEqualTo("s3://models/run/validation.json");
    assertThat(a.suites()).containsExactly("heldout", "tail");
    assertThat(a.gates()).isEqualTo(Gates.none());
    assertThatThrownBy(
            () ->
                ValidatorArgs.parse(
                    new String[] {"--model", URI, "--digest", DIGEST, "--suites", "weather"}))
        .hasMessageContaining("unknown suite 'weather'");
    assertThatThrownBy(
            () ->
                ValidatorArgs.parse(
                    new String[] {"--model", URI, "--digest", DIGEST, "--min-accuracy", "1.5"}))
        .hasMessageContaining("--min-accuracy must be a number between 0 and 1");
    assertThatThrownBy(() -> ValidatorArgs.parse(new String[] {"--model", URI}))
        .hasMessageContaining("--digest must be sha256:");
  }
}
