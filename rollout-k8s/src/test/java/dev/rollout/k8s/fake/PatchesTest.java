package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchesTest {
    private static JsonNode json(String text) {
        return ApiHandler.parse(text.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The examples of RFC 7386, appendix A. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'a':'b'}            | {'a':'c'}            | {'a':'c'}",
        "{'a':'b'}            | {'b':'c'}            | {'a':'b','b':'c'}",
        "{'a':'b'}            | {'a':null}           | {}",
        "{'a':'b','b':'c'}    | {'a':null}           | {'b':'c'}",
        "{'a':['b']}          | {'a':'c'}            | {'a':'c'}",
        "{'a':'c'}            | {'a':['b']}          | {'a':['b']}",
        "{'a':{'b':'c'}}      | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}    | {'a':[1]}            | {'a':[1]}",
        "['a','b']            | ['c','d']            | ['c','d']",
        "{'a':'b'}            | ['c']                | ['c']",
        "{'a':'foo'}          | null                 | null",
        "{'e':null}           | {'a':1}              | {'e':null,'a':1}",
        "[1,2]                | {'a':'b','c':null}   | {'a':'b'}",
        "{}                   | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}"})
    void mergePatchFollowsRfc7386(String target, String patch, String expected) {
        assertThat(Patches.mergePatch(json(target), json(patch))).isEqualTo(json(expected));
    }

    @Test
    void jsonPatchMovesCopiesAndAppends() {
        JsonNode doc = json("{'a':{'b':[1,2]},'c':'x'}");

        JsonNode out = Patches.jsonPatch(doc, json("""
                [{'op':'move','from':'/c','path':'/a/d'},
                 {'op':'add','path':'/a/b/-','value':3},
                 {'op':'add','path':'/a/b/0','value':0},
                 {'op':'copy','from':'/a/b','path':'/e'},
                 {'op':'test','path':'/a/d','value':'x'}]"""));

        assertThat(out).isEqualTo(json("{'a':{'b':[0,1,2,3],'d':'x'},'e':[0,1,2,3]}"));
        assertThat(doc).as("input untouched").isEqualTo(json("{'a':{'b':[1,2]},'c':'x'}"));
    }

    @Test
    void jsonPatchRejectsMalformedAndInapplicableOperations() {
        JsonNode doc = json("{'a':1}");
        assertThatThrownBy(() -> Patches.jsonPatch(doc, json("{'op':'add'}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patches.jsonPatch(doc, json("[{'op':'jump','path':'/a'}]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patches.jsonPatch(doc, json("[{'op':'replace','path':'/b','value':2}]")))
                .isInstanceOf(Patches.PatchFailedException.class).hasMessageContaining("missing key: /b");
        assertThatThrownBy(() -> Patches.jsonPatch(doc, json("[{'op':'add','path':'/x/y','value':2}]")))
                .isInstanceOf(Patches.PatchFailedException.class);
        assertThatThrownBy(() -> Patches.jsonPatch(doc, json("[{'op':'test','path':'/a','value':2}]")))
                .isInstanceOf(Patches.PatchFailedException.class).hasMessageContaining("test failed");
    }

    @Test
    void strategicMergeMergesKeyedListsAndReplacesOthers() {
        JsonNode target = json("""
                {'spec':{'containers':[{'name':'a','image':'a:1','ports':[{'containerPort':80,'name':'http'}]}],
                         'tolerations':[{'key':'x'}],'finalizers':['f1','f2']}}""");

        JsonNode out = Patches.strategicMergePatch(target, json("""
                {'spec':{'containers':[{'name':'a','ports':[{'containerPort':81}]},{'name':'b','image':'b:1'}],
                         'tolerations':[{'key':'y'}],'$deleteFromPrimitiveList/finalizers':['f1'],
                         '$setElementOrder/containers':[{'name':'a'},{'name':'b'}]}}"""));

        assertThat(out).isEqualTo(json("""
                {'spec':{'containers':[{'name':'a','image':'a:1','ports':[{'containerPort':80,'name':'http'},
                                                                         {'containerPort':81}]},
                                       {'name':'b','image':'b:1'}],
                         'tolerations':[{'key':'y'}],'finalizers':['f2']}}"""));
    }

    @Test
    void strategicMergeReplaceDirectiveReplacesAMap() {
        JsonNode out = Patches.strategicMergePatch(json("{'a':{'x':1,'y':2}}"), json("{'a':{'$patch':'replace','z':3}}"));

        assertThat(out).isEqualTo(json("{'a':{'z':3}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "app=web            | true",
        "app=api            | false",
        "app!=api           | true",
        "missing!=x         | true",
        "app in (api,web)   | true",
        "app notin (web)    | false",
        "missing notin (x)  | true",
        "app                | true",
        "!app               | false",
        "app=web,tier=front | true",
        "app=web,tier=back  | false"})
    void labelSelectorsMatchLikeKubernetes(String selector, boolean matches) {
        assertThat(LabelSelector.parse(selector).test(java.util.Map.of("app", "web", "tier", "front")))
                .isEqualTo(matches);
    }
}
