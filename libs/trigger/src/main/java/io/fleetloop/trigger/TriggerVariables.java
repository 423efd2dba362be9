package io.fleetloop.trigger;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The variables a DataTrigger condition sees — {@code frame}, {@code shadow}, {@code env}, {@code
 * device} — with every field's CEL type, unit and range. The single source for the CEL type
 * declarations the compiler checks against and for the generated reference table ({@code
 * docs/reference/trigger-variables.md}, see {@link #markdown()}).
 *
 * <p>Each variable is a CEL struct type with concrete field types, so the checker rejects a
 * misspelt field ({@code frame.takover}) or a comparison of different types ({@code frame.speedMps
 * == 'x'}) at compile time, with a position.
 */
public final class TriggerVariables {

  /** The CEL type of a field. */
  public enum Type {
    BOOL("bool", SimpleType.BOOL),
    INT("int", SimpleType.INT),
    DOUBLE("double", SimpleType.DOUBLE),
    STRING("string", SimpleType.STRING),
    STRING_MAP("map(string, string)", MapType.create(SimpleType.STRING, SimpleType.STRING));

    private final String cel;
    private final CelType celType;

    Type(String cel, CelType celType) {
      this.cel = cel;
      this.celType = celType;
    }

    /** The type as CEL writes it, e.g. {@code map(string, string)}. */
    public String cel() {
      return cel;
    }

    CelType celType() {
      return celType;
    }
  }

  /**
   * One field of a variable.
   *
   * @param name the field name as written in CEL ({@code frame.speedMps})
   * @param type its CEL type
   * @param javaType the type of the record component that carries it
   * @param unit the unit, or {@code ""} when it has none
   * @param range the range or, for a closed set of strings, the values (in {@code values})
   * @param values the allowed values of a closed string set (env fields); empty otherwise
   * @param description what it means
   */
  public record Field(
      String name,
      Type type,
      String javaType,
      String unit,
      String range,
      List<String> values,
      String description) {
    public Field {
      values = List.copyOf(values);
    }
  }

  /**
   * One CEL variable.
   *
   * @param name the variable name ({@code frame})
   * @param typeName the CEL struct type name ({@code fleetloop.Frame})
   * @param javaType the record the evaluator takes
   * @param description what it is
   * @param fields its fields, in declaration order
   */
  public record Variable(
      String name,
      String typeName,
      Class<? extends Record> javaType,
      String description,
      List<Field> fields) {
    public Variable {
      fields = List.copyOf(fields);
    }

    /** The field called {@code name}, if this variable has one. */
    public Optional<Field> field(String name) {
      return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
  }

  /** {@code frame}: one perception/control frame. */
  public static final Variable FRAME =
      new Variable(
          "frame",
          "fleetloop.Frame",
          Frame.class,
          "One perception/control frame, evaluated as it is produced.",
          List.of(
              field("speedMps", Type.DOUBLE, "double", "m/s", ">= 0", "Forward speed."),
              field(
                  "accelMps2",
                  Type.DOUBLE,
                  "double",
                  "m/s²",
                  "",
                  "Longitudinal acceleration; negative when braking."),
              field(
                  "steering",
                  Type.DOUBLE,
                  "double",
                  "",
                  "-1 .. 1",
                  "Steering command: -1 full left, 1 full right."),
              field(
                  "brake",
                  Type.DOUBLE,
                  "double",
                  "",
                  "0 .. 1",
                  "Brake command: 0 released, 1 full."),
              field(
                  "takeover",
                  Type.BOOL,
                  "boolean",
                  "",
                  "",
                  "True when the human took control on this frame."),
              field(
                  "ttcSeconds",
                  Type.DOUBLE,
                  "double",
                  "s",
                  ">= 0; 1e6 when none",
                  "Time to collision with the nearest object on the current course;"
                      + " Frame.TTC_NONE (1e6) when nothing is on a collision course."),
              field(
                  "lateralOffsetM",
                  Type.DOUBLE,
                  "double",
                  "m",
                  "",
                  "Lateral offset from the lane centre; positive to the left."),
              field(
                  "pedestrians",
                  Type.INT,
                  "int",
                  "count",
                  ">= 0",
                  "Pedestrians detected on this frame."),
              field(
                  "vehiclesNearby",
                  Type.INT,
                  "int",
                  "count",
                  ">= 0",
                  "Vehicles detected within the perception range."),
              field(
                  "timestampMs",
                  Type.INT,
                  "long",
                  "ms",
                  "Unix epoch",
                  "Capture time, milliseconds since 1970-01-01T00:00:00Z.")));

  /** {@code shadow}: the active model compared with the shadow candidate on this frame. */
  public static final Variable SHADOW =
      new Variable(
          "shadow",
          "fleetloop.Shadow",
          Shadow.class,
          "The active model compared with the shadow candidate on this frame.",
          List.of(
              field(
                  "disagreement",
                  Type.DOUBLE,
                  "double",
                  "",
                  "0 .. 1",
                  "How much the two models disagree: 0 identical decisions, 1 opposite."),
              field(
                  "activeAction",
                  Type.STRING,
                  "String",
                  "",
                  "",
                  "The discrete action the active model chose, e.g. 'keep_lane'."),
              field(
                  "shadowAction",
                  Type.STRING,
                  "String",
                  "",
                  "",
                  "The discrete action the shadow candidate would have chosen."),
              field(
                  "activeSteering",
                  Type.DOUBLE,
                  "double",
                  "",
                  "-1 .. 1",
                  "The active model's steering command."),
              field(
                  "shadowSteering",
                  Type.DOUBLE,
                  "double",
                  "",
                  "-1 .. 1",
                  "The shadow candidate's steering command.")));

  /** {@code env}: the driving environment; each field is one of a closed set of strings. */
  public static final Variable ENV =
      new Variable(
          "env",
          "fleetloop.Env",
          Env.class,
          "The driving environment; each field is one of a closed set of strings.",
          List.of(
              tagField("weather", Env.Weather.values(), "Env.Weather", "Weather."),
              tagField("zone", Env.Zone.values(), "Env.Zone", "Kind of area being driven."),
              tagField("light", Env.Light.values(), "Env.Light", "Daylight."),
              tagField("road", Env.Road.values(), "Env.Road", "Road surface.")));

  /** {@code device}: the device evaluating the trigger. */
  public static final Variable DEVICE =
      new Variable(
          "device",
          "fleetloop.Device",
          Device.class,
          "The device evaluating the trigger.",
          List.of(
              field("id", Type.STRING, "String", "", "", "The device id."),
              field(
                  "labels",
                  Type.STRING_MAP,
                  "Map<String, String>",
                  "",
                  "",
                  "The device's labels (as matched by fleetSelector). A missing key is an"
                      + " error: test with 'k' in device.labels first."),
              field(
                  "hardware",
                  Type.STRING,
                  "String",
                  "",
                  "",
                  "The device's compute hardware, e.g. 'fsd-hw4'.")));

  private static final List<Variable> ALL = List.of(FRAME, SHADOW, ENV, DEVICE);

  private TriggerVariables() {}

  /** The four variables, in the order {@code frame, shadow, env, device}. */
  public static List<Variable> all() {
    return ALL;
  }

  /** The variable called {@code name}, if any. */
  public static Optional<Variable> variable(String name) {
    return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  private static Field field(
      String name, Type type, String javaType, String unit, String range, String description) {
    return new Field(name, type, javaType, unit, range, List.of(), description);
  }

  private static Field tagField(String name, Env.Tag[] tags, String javaType, String description) {
    List<String> values = Arrays.stream(tags).map(Env.Tag::wire).toList();
    return new Field(
        name, Type.STRING, javaType, "", String.join(" | ", values), values, description);
  }

  // ---- CEL declarations -------------------------------------------------------------------

  static StructType structType(Variable variable) {
    return StructType.create(
        variable.typeName(),
        variable.fields().stream().map(Field::name).collect(ImmutableSet.toImmutableSet()),
        name -> variable.field(name).map(f -> f.type().celType()));
  }

  /** The type provider that tells the CEL checker the four struct types and their fields. */
  static CelTypeProvider typeProvider() {
    ImmutableList<CelType> types =
        ALL.stream().map(TriggerVariables::structType).collect(ImmutableList.toImmutableList());
    return new CelTypeProvider() {
      @Override
      public ImmutableList<CelType> types() {
        return types;
      }

      @Override
      public Optional<CelType> findType(String typeName) {
        return types.stream().filter(t -> t.name().equals(typeName)).findFirst();
      }
    };
  }

  // ---- generated reference ---------------------------------------------------------------

  /** Where the generated reference lives, relative to this module. */
  /** Where the table lives, relative to the repository root. */
  public static final String MARKDOWN_FILE = "docs/reference/trigger-variables.md";

  /** The reference table of all variables and fields, as Markdown. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# DataTrigger condition variables\n\n")
        .append(
            "<!-- Generated by io.fleetloop.trigger.TriggerVariables.main(path); do not edit.\n")
        .append("     TriggerVariablesTest fails when this copy is stale. -->\n\n")
        .append("A DataTrigger `condition` is a [CEL](https://cel.dev) expression that must")
        .append(" evaluate to `bool`.\nIt sees four variables, each a struct with typed fields,")
        .append(" so a misspelt field or a\ncomparison of different types is rejected when the")
        .append(" trigger is compiled, with its position:\n\n")
        .append("```\n")
        .append("frame.takeover || shadow.disagreement > 0.3")
        .append(" || (env.weather == 'fog' && env.zone == 'construction')\n")
        .append("```\n");
    for (Variable v : ALL) {
      md.append("\n## `")
          .append(v.name())
          .append("` (`")
          .append(v.typeName())
          .append("`, Java `")
          .append(v.javaType().getSimpleName())
          .append("`)\n\n")
          .append(v.description())
          .append("\n\n| Field | CEL type | Unit | Range / values | Java | Meaning |\n")
          .append("|---|---|---|---|---|---|\n");
      for (Field f : v.fields()) {
        String range =
            f.values().isEmpty()
                ? f.range()
                : f.values().stream().map(s -> "`" + s + "`").collect(Collectors.joining(", "));
        md.append("| `")
            .append(v.name())
            .append('.')
            .append(f.name())
            .append("` | `")
            .append(f.type().cel())
            .append("` | ")
            .append(f.unit())
            .append(" | ")
            .append(range)
            .append(" | `")
            .append(f.javaType())
            .append("` | ")
            .append(f.description())
            .append(" |\n");
      }
    }
    md.append("\n## Semantics worth knowing\n\n")
        .append("- **Numbers.** `int` and `double` compare with `<`, `<=`, `>`, `>=`")
        .append(" (`frame.speedMps > 30`), but\n  `==` and `!=` need the same type:")
        .append(
            " write `frame.speedMps == 30.0`.\n  `int` is 64-bit; arithmetic that overflows it is an")
        .append(
            " error. NaN equals nothing, and (as in\n  cel-java 0.11) `-0.0 == 0.0` is false.\n")
        .append("- **Closed sets.** Comparing an `env` field with a string outside its set")
        .append(" (`env.weather == 'foggy'`)\n  is a compile error, not a condition that never")
        .append(" fires.\n")
        .append("- **Labels.** `device.labels['k']` is an error when the device has no label")
        .append(" `k`; write\n  `'k' in device.labels && device.labels['k'] == 'v'`.\n")
        .append("- **Errors.** An evaluation error counts as *not firing* (and is counted on the")
        .append(" device). As in CEL,\n  `||` and `&&` absorb an error when the other side")
        .append(" decides: `true || error` is `true`, `false && error`\n  is `false`, in either")
        .append(" order.\n")
        .append("- **`has()`.** Every declared field is always present: `has(frame.speedMps)`")
        .append(" is `true`;\n  `has(device.labels.k)` tests for the label.\n")
        .append("- **Limits.** A condition is at most 4096 characters.\n");
    return md.toString();
  }

  /**
   * Writes {@link #markdown()} to the file named by the first argument (default {@value
   * #MARKDOWN_FILE}).
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : MARKDOWN_FILE);
    Files.writeString(out, markdown(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
