package io.fleetloop.contract.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.OptionalType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;

/**
 * The subset of the Kubernetes CEL environment for {@code x-kubernetes-validations} that this
 * checker supports. Rules outside it fail to compile here (and are reported), so keep rules within
 * it:
 *
 * <ul>
 *   <li>the CEL standard library and the macros {@code has}, {@code all}, {@code exists}, {@code
 *       exists_one}, {@code map} (2 and 3 arguments) and {@code filter}
 *   <li>cross-type numeric comparisons ({@code self.rate > 0} with a double {@code rate}) and
 *       homogeneous list/map literals, as in Kubernetes 1.28+
 *   <li>the strings extension: {@code charAt}, {@code indexOf}, {@code lastIndexOf}, {@code
 *       lowerAscii}, {@code upperAscii}, {@code replace}, {@code split}, {@code substring}, {@code
 *       trim}, {@code join} (not {@code format}, {@code quote} or {@code reverse})
 *   <li>optional types ({@code optional.of}, {@code self.?field}, {@code orValue}, ...) and the
 *       sets extension ({@code sets.contains}, {@code sets.equivalent}, {@code sets.intersects})
 *   <li>the Kubernetes list library ({@link KubernetesListsLibrary}: {@code isSorted}, {@code sum},
 *       {@code min}, {@code max}, {@code indexOf}, {@code lastIndexOf}) and regex library ({@link
 *       KubernetesRegexLibrary}: {@code find}, {@code findAll})
 * </ul>
 *
 * Not supported: the Kubernetes URL, IP, CIDR, quantity, semver, format and authz libraries, the
 * two-variable comprehensions, and cost limits (see {@code CostHints} for the bounds instead).
 */
public final class CelEnvironment {

  // enableHomogeneousLiterals is deprecated in favour of an AST validator; it still does what
  // cel.HomogeneousAggregateLiterals() does in the Kubernetes environment.
  @SuppressWarnings("deprecation")
  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableHomogeneousLiterals(true)
          .enableOptionalSyntax(true)
          .build();

  private static final class Base {
    static final Cel CEL =
        CelFactory.standardCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(
                CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS))
            .addRuntimeLibraries(
                CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS))
            .addFunctionDeclarations(KubernetesListsLibrary.declarations())
            .addFunctionBindings(KubernetesListsLibrary.bindings())
            .addFunctionDeclarations(KubernetesRegexLibrary.declarations())
            .addFunctionBindings(KubernetesRegexLibrary.bindings())
            .build();
  }

  private CelEnvironment() {}

  /**
   * The environment for the rules at one schema node: {@code self} has the node's type, {@code
   * oldSelf} too (or {@code optional(T)} for rules with {@code optionalOldSelf}).
   */
  public static Cel forRules(CelType selfType, CelTypeProvider types, boolean optionalOldSelf) {
    return Base.CEL
        .toCelBuilder()
        .setTypeProvider(types)
        .addVar("self", selfType)
        .addVar("oldSelf", optionalOldSelf ? OptionalType.create(selfType) : selfType)
        .build();
  }
}
