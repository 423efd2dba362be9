package io.fleetloop.world;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes the reference world: fleet size, seed, how often each condition occurs and
 * how long it lasts, the rare combinations, the unobservable-hazard floor, the intervention rule
 * and how often the policy runs. Immutable; start from {@link #defaults()} and change what a test
 * is about through {@link #toBuilder()}.
 *
 * <h2>Frequencies</h2>
 *
 * Each dimension evolves as a Markov chain with a single mean dwell per dimension: when a stretch
 * ends, the next value is drawn from the configured frequencies (the same value may be drawn
 * again). With one dwell per dimension the configured frequencies are the long-run shares: of
 * <em>time</em> for weather and light, of <em>distance</em> for zones. The road surface is redrawn
 * with the weather, from {@link Builder#roadGivenWeather(double[][])}. {@link RareCombo}s then
 * replace whole zone segments, so a combination's share of distance is roughly its probability.
 */
public final class WorldConfig {
  /** Simulation step: 10 frames per second. */
  public static final double DT_S = 0.1;

  /** Milliseconds per frame. */
  public static final long DT_MS = 100;

  private final long seed;
  private final int vehicles;
  private final int threads;
  private final long startEpochMs;
  private final double[] weatherFrequencies;
  private final double[] zoneFrequencies;
  private final double[] lightFrequencies;
  private final double[][] roadGivenWeather;
  private final double weatherDwellS;
  private final double lightDwellS;
  private final double zoneDwellM;
  private final List<RareCombo> rareCombos;
  private final double hiddenHazardPerKm;
  private final InterventionRule interventionRule;
  private final int modelIntervalFrames;
  private final double humanSteeringNoise;
  private final double humanSlipsPerMinute;
  private final String deviceIdPrefix;
  private final String hardware;

  private WorldConfig(Builder b) {
    this.seed = b.seed;
    this.vehicles = positive("vehicles", b.vehicles);
    this.threads = positive("threads", b.threads);
    this.startEpochMs = b.startEpochMs;
    this.weatherFrequencies = normalised("weatherFrequencies", b.weatherFrequencies, 4);
    this.zoneFrequencies = normalised("zoneFrequencies", b.zoneFrequencies, 5);
    this.lightFrequencies = normalised("lightFrequencies", b.lightFrequencies, 3);
    if (b.roadGivenWeather.length != 4) {
      throw new IllegalArgumentException("roadGivenWeather needs one row per weather (4)");
    }
    this.roadGivenWeather = new double[4][];
    for (int w = 0; w < 4; w++) {
      roadGivenWeather[w] = normalised("roadGivenWeather[" + w + "]", b.roadGivenWeather[w], 3);
    }
    this.weatherDwellS = positive("weatherDwellS", b.weatherDwellS);
    this.lightDwellS = positive("lightDwellS", b.lightDwellS);
    this.zoneDwellM = positive("zoneDwellM", b.zoneDwellM);
    this.rareCombos = List.copyOf(b.rareCombos);
    double comboSum = 0;
    for (RareCombo c : rareCombos) {
      comboSum += c.probability();
    }
    if (comboSum > 1) {
      throw new IllegalArgumentException(
          "rare combo probabilities sum to more than 1: " + comboSum);
    }
    if (!(b.hiddenHazardPerKm >= 0)) {
      throw new IllegalArgumentException("hiddenHazardPerKm must be >= 0");
    }
    this.hiddenHazardPerKm = b.hiddenHazardPerKm;
    this.interventionRule = Objects.requireNonNull(b.interventionRule, "interventionRule");
    this.modelIntervalFrames = positive("modelIntervalFrames", b.modelIntervalFrames);
    if (!(b.humanSteeringNoise >= 0) || !(b.humanSlipsPerMinute >= 0)) {
      throw new IllegalArgumentException("human noise must be >= 0");
    }
    this.humanSteeringNoise = b.humanSteeringNoise;
    this.humanSlipsPerMinute = b.humanSlipsPerMinute;
    this.deviceIdPrefix = Objects.requireNonNull(b.deviceIdPrefix, "deviceIdPrefix");
    this.hardware = Objects.requireNonNull(b.hardware, "hardware");
  }

  /** The reference world: 10,000 vehicles, two threads, seed 1. */
  public static WorldConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.seed = seed;
    b.vehicles = vehicles;
    b.threads = threads;
    b.startEpochMs = startEpochMs;
    b.weatherFrequencies = weatherFrequencies.clone();
    b.zoneFrequencies = zoneFrequencies.clone();
    b.lightFrequencies = lightFrequencies.clone();
    b.roadGivenWeather = roadGivenWeather();
    b.weatherDwellS = weatherDwellS;
    b.lightDwellS = lightDwellS;
    b.zoneDwellM = zoneDwellM;
    b.rareCombos = rareCombos;
    b.hiddenHazardPerKm = hiddenHazardPerKm;
    b.interventionRule = interventionRule;
    b.modelIntervalFrames = modelIntervalFrames;
    b.humanSteeringNoise = humanSteeringNoise;
    b.humanSlipsPerMinute = humanSlipsPerMinute;
    b.deviceIdPrefix = deviceIdPrefix;
    b.hardware = hardware;
    return b;
  }

  /** Root seed; every vehicle's random stream is split from it in vehicle order. */
  public long seed() {
    return seed;
  }

  /** Number of simulated vehicles. */
  public int vehicles() {
    return vehicles;
  }

  /**
   * Worker threads (the caller's thread included). Results do not depend on it: every vehicle has
   * its own random stream and all fleet totals are integer sums.
   */
  public int threads() {
    return threads;
  }

  /** {@code frame.timestampMs} of tick 0. */
  public long startEpochMs() {
    return startEpochMs;
  }

  /** Long-run share of time per weather, by {@code Env.Weather} ordinal (sums to 1). */
  public double[] weatherFrequencies() {
    return weatherFrequencies.clone();
  }

  /** Long-run share of distance per zone, by {@code Env.Zone} ordinal (sums to 1). */
  public double[] zoneFrequencies() {
    return zoneFrequencies.clone();
  }

  /** Long-run share of time per light, by {@code Env.Light} ordinal (sums to 1). */
  public double[] lightFrequencies() {
    return lightFrequencies.clone();
  }

  /** Road-surface distribution per weather: {@code [weather][road]}, rows sum to 1. */
  public double[][] roadGivenWeather() {
    double[][] copy = new double[4][];
    for (int w = 0; w < 4; w++) {
      copy[w] = roadGivenWeather[w].clone();
    }
    return copy;
  }

  /** Mean duration of a weather stretch, seconds. */
  public double weatherDwellS() {
    return weatherDwellS;
  }

  /** Mean duration of a light stretch, seconds. */
  public double lightDwellS() {
    return lightDwellS;
  }

  /** Mean length of a zone segment, metres. */
  public double zoneDwellM() {
    return zoneDwellM;
  }

  /** The rare combinations injected per zone segment. */
  public List<RareCombo> rareCombos() {
    return rareCombos;
  }

  /**
   * Rate of hazards the policy cannot perceive (the human sees them and brakes hard for one
   * second), per kilometre, in every condition alike: the irreducible floor of the intervention
   * rate ({@code 1000 × hiddenHazardPerKm} per 1,000 km at most).
   */
  public double hiddenHazardPerKm() {
    return hiddenHazardPerKm;
  }

  /** When a model's action counts as an intervention. */
  public InterventionRule interventionRule() {
    return interventionRule;
  }

  /**
   * The policy runs every this many frames (1 = every frame at 10 Hz); in between each vehicle
   * holds its last model action. Vehicles are staggered so the load is even.
   */
  public int modelIntervalFrames() {
    return modelIntervalFrames;
  }

  /**
   * Standard deviation of the steering noise a human driver adds when the human drives (data
   * collection, {@link Driver#HUMAN}); labels stay the oracle's clean action. 0 = none.
   */
  public double humanSteeringNoise() {
    return humanSteeringNoise;
  }

  /**
   * Rate of short longitudinal "slips" (0.5–1.5 s of a random brake/throttle category) when the
   * human drives, per minute; they put recovery states into collected data. 0 = none.
   */
  public double humanSlipsPerMinute() {
    return humanSlipsPerMinute;
  }

  /** Device ids are this prefix plus a five-digit vehicle number. */
  public String deviceIdPrefix() {
    return deviceIdPrefix;
  }

  /** {@code device.hardware} of every simulated vehicle. */
  public String hardware() {
    return hardware;
  }

  private static int positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
    return v;
  }

  private static double positive(String name, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
    return v;
  }

  private static double[] normalised(String name, double[] f, int n) {
    if (f == null || f.length != n) {
      throw new IllegalArgumentException(name + " needs " + n + " entries");
    }
    double sum = 0;
    for (double x : f) {
      if (!(x >= 0)) {
        throw new IllegalArgumentException(name + " entries must be >= 0: " + Arrays.toString(f));
      }
      sum += x;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException(name + " must not be all zero");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = f[i] / sum;
    }
    return out;
  }

  /** Builder; every field starts at the reference world's default. */
  public static final class Builder {
    private long seed = 1;
    private int vehicles = 10_000;
    private int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private long startEpochMs = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    // clear, rain, fog, snow
    private double[] weatherFrequencies = {0.74, 0.13, 0.07, 0.06};
    // highway, urban, residential, construction, school
    private double[] zoneFrequencies = {0.40, 0.34, 0.13, 0.07, 0.06};
    // day, dusk, night
    private double[] lightFrequencies = {0.72, 0.10, 0.18};
    // dry, wet, icy per weather
    private double[][] roadGivenWeather = {
      {0.95, 0.04, 0.01}, // clear
      {0.00, 0.92, 0.08}, // rain
      {0.55, 0.40, 0.05}, // fog
      {0.00, 0.35, 0.65}, // snow
    };
    private double weatherDwellS = 240;
    private double lightDwellS = 360;
    private double zoneDwellM = 1_500;
    private List<RareCombo> rareCombos =
        List.of(
            RareCombo.FOG_CONSTRUCTION, RareCombo.ICY_NIGHT_SCHOOL, RareCombo.SNOW_NIGHT_HIGHWAY);
    private double hiddenHazardPerKm = 0.02;
    private InterventionRule interventionRule = InterventionRule.DEFAULT;
    private int modelIntervalFrames = 1;
    private double humanSteeringNoise = 0;
    private double humanSlipsPerMinute = 0;
    private String deviceIdPrefix = "sim-";
    private String hardware = "sim-fp32";

    private Builder() {}

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder vehicles(int value) {
      this.vehicles = value;
      return this;
    }

    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    public Builder startEpochMs(long value) {
      this.startEpochMs = value;
      return this;
    }

    /** Shares per weather (clear, rain, fog, snow); normalised. */
    public Builder weatherFrequencies(double... value) {
      this.weatherFrequencies = value.clone();
      return this;
    }

    /** Shares per zone (highway, urban, residential, construction, school); normalised. */
    public Builder zoneFrequencies(double... value) {
      this.zoneFrequencies = value.clone();
      return this;
    }

    /** Shares per light (day, dusk, night); normalised. */
    public Builder lightFrequencies(double... value) {
      this.lightFrequencies = value.clone();
      return this;
    }

    /** {@code [weather][road]} shares (dry, wet, icy) per weather; rows normalised. */
    public Builder roadGivenWeather(double[][] value) {
      double[][] copy = new double[value.length][];
      for (int i = 0; i < value.length; i++) {
        copy[i] = value[i].clone();
      }
      this.roadGivenWeather = copy;
      return this;
    }

    public Builder weatherDwellS(double value) {
      this.weatherDwellS = value;
      return this;
    }

    public Builder lightDwellS(double value) {
      this.lightDwellS = value;
      return this;
    }

    public Builder zoneDwellM(double value) {
      this.zoneDwellM = value;
      return this;
    }

    public Builder rareCombos(List<RareCombo> value) {
      this.rareCombos = List.copyOf(value);
      return this;
    }

    public Builder hiddenHazardPerKm(double value) {
      this.hiddenHazardPerKm = value;
      return this;
    }

    public Builder interventionRule(InterventionRule value) {
      this.interventionRule = value;
      return this;
    }

    public Builder modelIntervalFrames(int value) {
      this.modelIntervalFrames = value;
      return this;
    }

    public Builder humanSteeringNoise(double value) {
      this.humanSteeringNoise = value;
      return this;
    }

    public Builder humanSlipsPerMinute(double value) {
      this.humanSlipsPerMinute = value;
      return this;
    }

    public Builder deviceIdPrefix(String value) {
      this.deviceIdPrefix = value;
      return this;
    }

    public Builder hardware(String value) {
      this.hardware = value;
      return this;
    }

    public WorldConfig build() {
      return new WorldConfig(this);
    }
  }
}
