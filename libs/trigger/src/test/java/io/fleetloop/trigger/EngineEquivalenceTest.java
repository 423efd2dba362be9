package io.fleetloop.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path and the cel-java interpreter agree — true, false or error — on every evaluation of
 * conditions covering every operator the fast path compiles, over random inputs from a fixed seed.
 */
class EngineEquivalenceTest {

  private static final int INPUTS = 2_000;
  private static final TriggerCompiler COMPILER = TriggerCompiler.create();

  static Stream<String> conditions() {
    return Stream.of(
        // the API.md example
        "frame.takeover || shadow.disagreement > 0.3"
            + " || (env.weather == 'fog' && env.zone == 'construction')",
        // int against double ordering, both ways round and without constants
        "frame.speedMps > 30 && frame.brake > 0.5",
        "0.3 < shadow.disagreement && 20 >= frame.speedMps",
        "frame.pedestrians > frame.speedMps || frame.ttcSeconds >= 9223372036854775807",
        "frame.ttcSeconds < 1.5 && frame.speedMps > 10.0 && !frame.takeover",
        "frame.pedestrians > 0 && env.zone in ['school', 'residential'] && frame.speedMps >= 8.0",
        "shadow.activeAction != shadow.shadowAction && shadow.disagreement >= 0.2",
        "(shadow.activeSteering - shadow.shadowSteering)"
            + " * (shadow.activeSteering - shadow.shadowSteering) > 0.04",
        "frame.steering < -0.5 || frame.steering > 0.5"
            + " ? frame.speedMps > 15.0 : frame.lateralOffsetM > 0.8",
        "-frame.lateralOffsetM > 1.0 || frame.lateralOffsetM / frame.speedMps > 0.1",
        // int overflow, with error absorption on either side of || and &&
        "frame.timestampMs * 1000 > 0 || frame.takeover",
        "frame.takeover || frame.timestampMs * 1000 > 0",
        "frame.timestampMs + frame.timestampMs > 0 && env.light == 'night'",
        "env.light == 'night' && frame.timestampMs - 1 < frame.timestampMs",
        "-frame.timestampMs < 0 || frame.timestampMs / -1 != 0",
        "frame.timestampMs % -1 == 0 && frame.pedestrians * frame.vehiclesNearby < 20",
        "frame.vehiclesNearby % 3 == 2 && frame.pedestrians / (frame.vehiclesNearby - 2) > 0",
        "frame.pedestrians + 2147483647 > 2147483650 || frame.pedestrians - 1 < -2147483648",
        // longer chains, with errors in the middle: any deciding term wins over any error
        "frame.takeover || frame.timestampMs * 1000 > 0"
            + " || device.labels['fleet'] == 'model-y-na' || frame.speedMps > 30.0",
        "frame.speedMps > 5.0 && frame.timestampMs + 1 > 0"
            + " && device.labels.region == 'eu' && env.light != 'night'",
        // labels: missing keys are errors, absorbed or not
        "device.labels['fleet'] == 'model-y-na' || frame.takeover",
        "frame.takeover || device.labels['fleet'] == 'model-y-na'",
        "device.labels.fleet != 'model-3-eu' && frame.speedMps > 5.0",
        "'region' in device.labels && device.labels.region == 'eu' && has(frame.speedMps)",
        "has(device.labels.canary) ? device.labels.canary == 'true' : frame.speedMps > 25.0",
        // cel-java's double equality: NaN == NaN, -0.0 != 0.0
        "frame.speedMps == 0.0 || frame.steering == -0.0 || frame.brake != frame.brake",
        "frame.brake == frame.brake && frame.accelMps2 in [frame.accelMps2, 0.0]",
        "frame.steering in [0.0, -1.0, 1.0] || frame.pedestrians in [3, 5, 8]",
        "double(frame.pedestrians) > frame.speedMps / 4.0 && env.road != 'dry'",
        "env.weather in ['fog', 'snow'] && (env.road == 'icy' || env.light != 'day')"
            + " && frame.accelMps2 < -3",
        "frame.timestampMs % 60000 < 1000 && device.hardware == 'fsd-hw4'",
        "(frame.accelMps2 < -4.0) == frame.takeover && device.id != 'car-0'",
        "shadow.activeAction in ['brake', 'stop']"
            + " && shadow.shadowAction in [shadow.activeAction, 'keep_lane']",
        "(frame.takeover ? frame.pedestrians : frame.vehiclesNearby) >= 2",
        "frame.vehiclesNearby in [frame.pedestrians, frame.pedestrians + 1, 2]",
        "(env.zone == 'urban' ? env.light : env.road) == 'wet' || 'dusk' == env.light",
        "env.weather == shadow.activeAction || env.zone != 'highway' && frame.brake >= 0.5");
  }

  @ParameterizedTest
  @MethodSource("conditions")
  void fastPathAgreesWithInterpreter(String condition) {
    CompiledTrigger trigger = COMPILER.compile(condition).orElseThrow();
    assertThat(trigger.engine())
        .as("engine (fallback: %s)", trigger.fallbackReason().orElse(""))
        .isEqualTo(Engine.FAST_PATH);

    RandomInputs inputs = new RandomInputs(20240607L);
    Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
    for (int i = 0; i < INPUTS; i++) {
      RandomInputs.Input in = inputs.next();
      Outcome reference =
          trigger.outcome(Engine.INTERPRETER, in.frame(), in.shadow(), in.env(), in.device());
      Outcome fast =
          trigger.outcome(Engine.FAST_PATH, in.frame(), in.shadow(), in.env(), in.device());
      assertThat(fast).as("input #%d: %s", i, in).isEqualTo(reference);
      boolean evaluated = trigger.evaluate(in.frame(), in.shadow(), in.env(), in.device());
      assertThat(evaluated).as("input #%d: %s", i, in).isEqualTo(reference == Outcome.TRUE);
      seen.merge(reference, 1, Integer::sum);
    }
    // Not vacuous: each condition goes both ways on these inputs.
    assertThat(seen).as("outcomes").containsKeys(Outcome.TRUE, Outcome.FALSE);
    assertThat(trigger.errorCount()).isEqualTo((long) seen.getOrDefault(Outcome.ERROR, 0));
  }

  @Test
  void concurrentEvaluationAgrees() throws Exception {
    List<CompiledTrigger> triggers =
        conditions().map(c -> COMPILER.compile(c).orElseThrow()).toList();
    List<RandomInputs.Input> inputs = new ArrayList<>();
    RandomInputs random = new RandomInputs(5L);
    for (int i = 0; i < 500; i++) {
      inputs.add(random.next());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> mismatches = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        mismatches.add(
            pool.submit(
                () -> {
                  int bad = 0;
                  for (CompiledTrigger trigger : triggers) {
                    for (RandomInputs.Input in : inputs) {
                      Outcome reference =
                          trigger.outcome(
                              Engine.INTERPRETER, in.frame(), in.shadow(), in.env(), in.device());
                      Outcome fast =
                          trigger.outcome(
                              Engine.FAST_PATH, in.frame(), in.shadow(), in.env(), in.device());
                      bad += reference == fast ? 0 : 1;
                    }
                  }
                  return bad;
                }));
      }
      for (Future<Integer> m : mismatches) {
        assertThat(m.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("errorProneConditions")
  void errorsAreExercised(String condition) {
    CompiledTrigger trigger = COMPILER.compile(condition).orElseThrow();
    RandomInputs inputs = new RandomInputs(7L);
    int errors = 0;
    for (int i = 0; i < INPUTS; i++) {
      RandomInputs.Input in = inputs.next();
      if (trigger.outcome(Engine.FAST_PATH, in.frame(), in.shadow(), in.env(), in.device())
          == Outcome.ERROR) {
        errors++;
      }
    }
    assertThat(errors).as("inputs on which %s fails", condition).isPositive();
  }

  static List<String> errorProneConditions() {
    return List.of(
        "frame.timestampMs * 1000 > 0 || frame.takeover",
        "frame.takeover || frame.timestampMs * 1000 > 0",
        "frame.timestampMs + frame.timestampMs > 0 && env.light == 'night'",
        "-frame.timestampMs < 0 || frame.timestampMs / -1 != 0",
        "frame.vehiclesNearby % 3 == 2 && frame.pedestrians / (frame.vehiclesNearby - 2) > 0",
        "device.labels['fleet'] == 'model-y-na' || frame.takeover",
        "frame.takeover || device.labels['fleet'] == 'model-y-na'",
        "frame.speedMps > 5.0 && frame.timestampMs + 1 > 0"
            + " && device.labels.region == 'eu' && env.light != 'night'");
  }
}
