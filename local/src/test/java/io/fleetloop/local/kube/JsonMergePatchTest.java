package io.fleetloop.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test cases of RFC 7386, appendix A, plus the Kubernetes case that motivated the class. */
class JsonMergePatchTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'a':'b'}                | {'a':'c'}             | {'a':'c'}",
        "{'a':'b'}                | {'b':'c'}             | {'a':'b','b':'c'}",
        "{'a':'b'}                | {'a':null}            | {}",
        "{'a':'b','b':'c'}        | {'a':null}            | {'b':'c'}",
        "{'a':['b']}              | {'a':'c'}             | {'a':'c'}",
        "{'a':'c'}                | {'a':['b']}           | {'a':['b']}",
        "{'a':{'b':'c'}}          | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}        | {'a':[1]}             | {'a':[1]}",
        "['a','b']                | ['c','d']             | ['c','d']",
        "{'a':'b'}                | ['c']                 | ['c']",
        "{'a':'foo'}              | null                  | null",
        "{'a':'foo'}              | 'bar'                 | 'bar'",
        "{'e':null}               | {'a':1}               | {'e':null,'a':1}",
        "[1,2]                    | {'a':'b','c':null}    | {'a':'b'}",
        "{}                       | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
        "{'status':{'conditions':[{'type':'Ready','status':'False'}]}}"
            + " | {'status':{'conditions':[{'type':'Ready','status':'True'}]}}"
            + " | {'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
      })
  void appliesRfc7386(String target, String patch, String expected) throws Exception {
    JsonNode targetNode = json(target);
    JsonNode before = targetNode.deepCopy();

    JsonNode result = JsonMergePatch.apply(targetNode, json(patch));

    assertThat(result).isEqualTo(json(expected));
    assertThat(targetNode).as("the target is not modified").isEqualTo(before);
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return MAPPER.readTree(singleQuoted.trim().replace('\'', '"'));
  }
}
