package io.fleetloop.contract.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.fleetloop.contract.crd.Schema;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL type of every node of a version's schema, as the API server declares {@code self}:
 * objects with properties are structs (so a misspelt field is a compile error), maps are {@code
 * map(string, T)}, {@code integer} is {@code int}, {@code number} is {@code double}, strings with
 * format {@code duration}/{@code date-time}/{@code byte} are durations/timestamps/bytes,
 * int-or-string is {@code dyn}. A resource root also has {@code apiVersion}, {@code kind} and
 * {@code metadata.name}/{@code metadata.generateName}. Nodes without a type are not accessible.
 */
public final class SchemaCelTypes {

  private final Map<Schema, Optional<CelType>> types = new IdentityHashMap<>();
  private final Map<String, CelType> structs = new LinkedHashMap<>();
  private final CelTypeProvider provider = new Provider();

  /**
   * @param rootTypeName the CEL type name of the root object (e.g. the kind); nested structs are
   *     named after their path below it
   */
  public SchemaCelTypes(String rootTypeName, Schema root) {
    build(root, rootTypeName, true);
  }

  /** The CEL type of {@code self} at that node, or empty when rules cannot access the node. */
  public Optional<CelType> typeOf(Schema node) {
    return types.getOrDefault(node, Optional.empty());
  }

  /** Knows every struct type of this schema; the checker needs it to resolve field selections. */
  public CelTypeProvider provider() {
    return provider;
  }

  private Optional<CelType> build(Schema s, String name, boolean resourceRoot) {
    Optional<CelType> type = compute(s, name, resourceRoot);
    types.put(s, type);
    return type;
  }

  private Optional<CelType> compute(Schema s, String name, boolean resourceRoot) {
    if (s.intOrString()) {
      return Optional.of(SimpleType.DYN);
    }
    String type = s.type() == null && resourceRoot ? "object" : s.type();
    if (type == null) {
      s.properties().forEach((n, p) -> build(p, name + "." + n, p.embeddedResource()));
      return Optional.empty();
    }
    return switch (type) {
      case "array" -> {
        if (s.items() == null) {
          yield Optional.empty();
        }
        yield build(s.items(), name + ".@items", s.items().embeddedResource())
            .map(ListType::create);
      }
      case "object" -> objectType(s, name, resourceRoot);
      case "string" -> Optional.of(stringType(s.format()));
      case "boolean" -> Optional.of(SimpleType.BOOL);
      case "number" -> Optional.of(SimpleType.DOUBLE);
      case "integer" -> Optional.of(SimpleType.INT);
      default -> Optional.empty();
    };
  }

  private Optional<CelType> objectType(Schema s, String name, boolean resourceRoot) {
    if (s.additionalProperties() != null) {
      Schema values = s.additionalProperties();
      return build(values, name + ".@values", values.embeddedResource())
          .map(v -> MapType.create(SimpleType.STRING, v));
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    s.properties()
        .forEach(
            (propertyName, property) -> {
              Optional<CelType> fieldType =
                  build(property, name + "." + propertyName, property.embeddedResource());
              Optional<String> celName = CelNames.escape(propertyName);
              if (fieldType.isPresent() && celName.isPresent()) {
                fields.put(celName.get(), fieldType.get());
              }
            });
    if (resourceRoot) {
      fields.put("apiVersion", SimpleType.STRING);
      fields.put("kind", SimpleType.STRING);
      fields.put(
          "metadata",
          struct(
              name + ".metadata",
              Map.of("name", SimpleType.STRING, "generateName", SimpleType.STRING)));
    }
    return Optional.of(struct(name, fields));
  }

  private CelType struct(String name, Map<String, CelType> fields) {
    Map<String, CelType> copy = Map.copyOf(fields);
    StructType type =
        StructType.create(
            name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(copy.get(f)));
    structs.put(name, type);
    return type;
  }

  private static CelType stringType(String format) {
    if (format == null) {
      return SimpleType.STRING;
    }
    return switch (format) {
      case "byte" -> SimpleType.BYTES;
      case "duration" -> SimpleType.DURATION;
      case "date", "date-time" -> SimpleType.TIMESTAMP;
      default -> SimpleType.STRING;
    };
  }

  private final class Provider implements CelTypeProvider {
    @Override
    public ImmutableCollection<CelType> types() {
      return ImmutableList.copyOf(structs.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(structs.get(typeName));
    }
  }
}
