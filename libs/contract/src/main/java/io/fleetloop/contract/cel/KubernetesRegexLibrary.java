package io.fleetloop.contract.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Kubernetes CEL regex library ({@code k8s.io/apiserver/pkg/cel/library/regex.go}):
 *
 * <ul>
 *   <li>{@code <string>.find(<string>) -> string}: the first match, or {@code ''}
 *   <li>{@code <string>.findAll(<string>) -> list<string>}: every match
 *   <li>{@code <string>.findAll(<string>, <int>) -> list<string>}: at most n matches (n &lt; 0:
 *       all)
 * </ul>
 */
public final class KubernetesRegexLibrary {

  private KubernetesRegexLibrary() {}

  public static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            "find",
            CelOverloadDecl.newMemberOverload(
                "string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "findAll",
            CelOverloadDecl.newMemberOverload(
                "string_find_all_string",
                ListType.create(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING),
            CelOverloadDecl.newMemberOverload(
                "string_find_all_string_int",
                ListType.create(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.INT)));
  }

  public static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from(
            "string_find_string",
            String.class,
            String.class,
            (s, regex) -> {
              Matcher m = compile(regex).matcher(s);
              return m.find() ? m.group() : "";
            }),
        CelFunctionBinding.from(
            "string_find_all_string",
            String.class,
            String.class,
            (s, regex) -> findAll(s, regex, -1)),
        CelFunctionBinding.from(
            "string_find_all_string_int",
            List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
  }

  private static List<String> findAll(String s, String regex, long limit)
      throws CelEvaluationException {
    ImmutableList.Builder<String> matches = ImmutableList.builder();
    Matcher m = compile(regex).matcher(s);
    long found = 0;
    while ((limit < 0 || found < limit) && m.find()) {
      matches.add(m.group());
      found++;
    }
    return matches.build();
  }

  private static Pattern compile(String regex) throws CelEvaluationException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException("invalid regex: " + e.getDescription(), e);
    }
  }
}
