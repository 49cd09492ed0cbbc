package io.memkube.proxy.configmodel.jsonm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.ConfigText;
import io.memkube.proxy.configmodel.parse.ConfigValidator;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples of mcrouter's JSONM page expand as the page says, and a config written with macros
 * expands to the same config (so the same route tree) as its hand-expanded form.
 */
class JsonmPreprocessorTest {

  private static JsonNode json(String text) throws ConfigException {
    return ConfigText.parse(text, Map.of());
  }

  private static JsonNode expand(String text) throws Exception {
    return JsonmPreprocessor.expandConfig(json(text), Map.of());
  }

  private static void assertExpands(String jsonm, String expected) throws Exception {
    assertEquals(json(expected), expand(jsonm));
  }

  @Test
  void theWikisMacroDefinitionsWithParamsAndDefaultsExpandAsDocumented() throws Exception {
    assertExpands(
        """
        {
          "macros": {
            "pair": {"type": "macroDef", "params": ["key", "value"],
                     "result": {"%key%": "%value%"}},
            "fullName": {"type": "macroDef", "params": ["first", "last"],
                         "result": ["@pair(first,%first%)", "@pair(last,%last%)"]},
            "car": {"type": "macroDef",
                    "params": ["model", {"name": "color", "default": "green"}],
                    "result": {"model": "%model%", "color": "%color%"}}
          },
          "person": "@fullName(John,Doe)",
          "car": "@car(Mercedes)",
          "longForm": {"type": "car", "model": "Fiat", "color": "red"}
        }
        """,
        """
        {
          "person": [{"first": "John"}, {"last": "Doe"}],
          "car": {"model": "Mercedes", "color": "green"},
          "longForm": {"model": "Fiat", "color": "red"}
        }
        """);
  }

  @Test
  void constsEscapesAndParamsExpandAsDocumented() throws Exception {
    assertExpands(
        """
        {
          "consts": [
            {"type": "constDef", "name": "author", "value": "John Doe"},
            {"type": "constDef", "name": "copyright", "value": "%author% owns it"}
          ],
          "file": "%copyright%. Some content",
          "email": "fake\\\\@fake.fake",
          "valid": "100\\\\%",
          "backslash": "\\\\\\\\"
        }
        """,
        """
        {"file": "John Doe owns it. Some content", "email": "fake@fake.fake",
         "valid": "100%", "backslash": "\\\\"}
        """);
  }

  @Test
  void theBuiltInMacrosGiveTheWikisResults() throws Exception {
    assertExpands(
        """
        {
          "int": "@int(100)",
          "keys": {"type": "keys", "dictionary": {"a": 1, "b": 2}},
          "values": {"type": "values", "dictionary": {"a": 1, "b": 2}},
          "mergeLists": {"type": "merge", "params": [[1, 2], [3, 4]]},
          "mergeObjects": {"type": "merge", "params": [{"a": 1, "b": 2}, {"b": 3, "c": 4}]},
          "select": {"type": "select", "key": "a", "dictionary": {"a": 1, "b": 2}},
          "slice": {"type": "slice", "from": 1, "to": 2, "dictionary": [1, 2, 3, 4]},
          "range": "@range(@int(1),@int(2))",
          "isString": "@isString(abc)",
          "arithmetic": "@add(@mul(@int(2),@int(3)),@int(5))",
          "sub": "@sub(@int(7),@int(10))",
          "contains": "@contains(abacaba,aca)",
          "less": "@less(bcd,abcd)",
          "equals": "@equals(a,a)",
          "not": "@not(@bool(false))",
          "size": "@size(abc)",
          "str": "@str(@int(5))",
          "if": {"type": "if", "condition": "@equals(a,a)", "is_false": "Oops", "is_true": "Yeah"}
        }
        """,
        """
        {"int": 100, "keys": ["a", "b"], "values": [1, 2], "mergeLists": [1, 2, 3, 4],
         "mergeObjects": {"a": 1, "b": 3, "c": 4}, "select": 1, "slice": [2, 3],
         "range": [1, 2], "isString": true, "arithmetic": 11, "sub": -3, "contains": true,
         "less": false, "equals": true, "not": true, "size": 3, "str": "5", "if": "Yeah"}
        """);
  }

  @Test
  void transformProcessForeachAndDefineExpandAsDocumented() throws Exception {
    assertExpands(
        """
        {
          "transform": {"type": "transform", "keyTransform": "%item%", "itemTransform": "%key%",
                        "dictionary": {"a": "b", "b": "c"}},
          "process": {"type": "process", "initialValue": "", "dictionary": ["a", "b", "c", "d"],
                      "transform": "%item%%value%"},
          "foreach": {"type": "foreach", "from": [1, 2, 3, 4], "where": "@less(@int(1),%item%)",
                      "top": 2},
          "define": {"type": "define", "vars": {"A": "B"}, "result": "%A%"}
        }
        """,
        """
        {"transform": {"b": "a", "c": "b"}, "process": "dcba", "foreach": [2, 3],
         "define": "B"}
        """);
  }

  @Test
  void errorsNameWhereAndWhat() {
    JsonmException unknown =
        assertThrows(JsonmException.class, () -> expand("{\"route\": \"@nope(1)\"}"));
    assertEquals("$.route", unknown.path());
    assertTrue(unknown.getMessage().contains("unknown macro '@nope'"), unknown.getMessage());
    JsonmException param =
        assertThrows(JsonmException.class, () -> expand("{\"route\": \"PoolRoute|%pool%\"}"));
    assertTrue(param.getMessage().contains("unknown parameter %pool%"), param.getMessage());
    JsonmException cycle =
        assertThrows(
            JsonmException.class,
            () ->
                expand(
                    """
                    {"macros": {"loop": {"type": "macroDef", "result": "@loop"}},
                     "route": "@loop"}
                    """));
    assertTrue(cycle.getMessage().contains("too many nested macros"), cycle.getMessage());
  }

  /** A two-replica config written with macros, and the same config written out by hand. */
  @Test
  void aMacroConfigExpandsToTheSameConfigAsItsExpandedFormAndBothLoad() throws Exception {
    String withMacros =
        """
        {
          "macros": {
            "servers": {"type": "macroDef", "params": ["first", "count"],
              "result": {"type": "transform",
                         "dictionary": "@range(@int(0),@sub(%count%,@int(1)))",
                         "itemTransform": {"type": "merge",
                             "params": ["127.0.0.1:", "@str(@add(%first%,%item%))"]}}},
            "replicated": {"type": "macroDef", "params": ["a", "b"],
              "result": {"type": "OperationSelectorRoute",
                 "operation_policies": {
                   "get": {"type": "FailoverRoute", "children": ["PoolRoute|%a%", "PoolRoute|%b%"]}},
                 "default_policy": "AllSyncRoute|PoolRoute|%a%"}},
            "base": {"type": "constDef", "result": "@int(%firstPort%)"}
          },
          "pools": {
            "A": {"servers": "@servers(%base%,@int(2))"},
            "B": {"servers": "@servers(@add(%base%,@int(10)),@int(2))"}
          },
          "route": "@replicated(A,B)"
        }
        """;
    String expanded =
        """
        {
          "pools": {
            "A": {"servers": ["127.0.0.1:11211", "127.0.0.1:11212"]},
            "B": {"servers": ["127.0.0.1:11221", "127.0.0.1:11222"]}
          },
          "route": {"type": "OperationSelectorRoute",
             "operation_policies": {
               "get": {"type": "FailoverRoute", "children": ["PoolRoute|A", "PoolRoute|B"]}},
             "default_policy": "AllSyncRoute|PoolRoute|A"}
        }
        """;
    assertEquals(
        json(expanded),
        JsonmPreprocessor.expandConfig(json(withMacros), Map.of("firstPort", "11211")));
    LoaderOptions options =
        new LoaderOptions(1000, "/././", false, Map.of("firstPort", "11211"), 0);
    ConfigValidator.Result a = ConfigValidator.validate(withMacros, options);
    ConfigValidator.Result b = ConfigValidator.validate(expanded, options);
    assertTrue(a.valid(), a.error());
    assertTrue(b.valid(), b.error());
    assertEquals(b.servers(), a.servers());
    assertEquals(b.pools(), a.pools());
  }
}
