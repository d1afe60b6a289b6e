package dev.rollout.core.spec;

import dev.rollout.api.model.TrafficRouting;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code canary.trafficRouting}: exactly one router, either built in ({@code istio},
 * {@code nginx}, {@code alb}, {@code smi}, {@code ambassador}, {@code appMesh}, {@code traefik},
 * {@code apisix}, and {@code embedded} for the in-memory cluster) or one entry of
 * {@code plugins}. A plugin's kind is its name after the last {@code /}, so
 * {@code plugins: {argoproj-labs/gatewayAPI: {...}}} becomes kind {@code gatewayAPI}.
 * The top-level fields of built-in routers are checked against Argo's; plugin and embedded
 * settings are passed on as written. {@code managedRoutes} is accepted and not acted upon;
 * {@code maxTrafficWeight} is rejected as not supported.
 */
final class TrafficRoutingParser {
    /** Known fields of each built-in router, as Argo Rollouts defines them. */
    private static final Map<String, String[]> ROUTERS = routers();

    private TrafficRoutingParser() {
    }

    private static Map<String, String[]> routers() {
        Map<String, String[]> routers = new LinkedHashMap<>();
        routers.put("istio", new String[] {"virtualService", "virtualServices", "destinationRule"});
        routers.put("nginx", new String[] {"stableIngress", "stableIngresses", "annotationPrefix",
                "additionalIngressAnnotations", "canaryIngressAnnotations"});
        routers.put("alb", new String[] {"ingress", "ingresses", "servicePort", "rootService",
                "annotationPrefix", "stickinessConfig"});
        routers.put("smi", new String[] {"rootService", "trafficSplitName"});
        routers.put("ambassador", new String[] {"mappings"});
        routers.put("appMesh", new String[] {"virtualService", "virtualNodeGroup"});
        routers.put("traefik", new String[] {"weightedTraefikServiceName"});
        routers.put("apisix", new String[] {"route"});
        return Collections.unmodifiableMap(routers);
    }

    static Optional<TrafficRouting> parse(YamlNode node, SpecReader reader) {
        List<String> fields = new ArrayList<>(ROUTERS.keySet());
        fields.addAll(List.of("embedded", "plugins", "managedRoutes", "maxTrafficWeight"));
        int mark = reader.problems().count();
        YamlObject routing = reader.object(node, fields);
        if (!routing.isPresent()) {
            return Optional.empty();
        }
        RolloutParser.rejectUnsupported(routing, "maxTrafficWeight");
        List<TrafficRouting> found = new ArrayList<>();
        for (String router : routing.fieldNames()) {
            String[] known = ROUTERS.get(router);
            YamlNode settings = routing.get(router).orElseThrow();
            if (known != null) {
                checkBuiltIn(router, reader.object(settings, known));
                found.add(new TrafficRouting(router, plainMap(settings)));
            } else if (router.equals("embedded")) {
                reader.object(settings, List.copyOf(plainMap(settings).keySet()));
                found.add(new TrafficRouting(router, plainMap(settings)));
            } else if (router.equals("plugins")) {
                found.addAll(plugins(settings, reader));
            }
        }
        if (found.size() != 1 && !reader.problems().hasNewSince(mark)) {
            routing.problem(found.isEmpty()
                    ? "must configure a traffic router: one of " + String.join(", ", ROUTERS.keySet())
                            + ", embedded, or a plugin"
                    : "must configure exactly one traffic router, found "
                            + String.join(" and ", found.stream().map(TrafficRouting::kind).toList()));
        }
        return reader.problems().hasNewSince(mark) ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<TrafficRouting> plugins(YamlNode node, SpecReader reader) {
        List<TrafficRouting> found = new ArrayList<>();
        if (!(node instanceof YamlNode.MapNode map)) {
            reader.problems().add(node, "must be a mapping of plugin name to settings, was "
                    + node.describe());
            return found;
        }
        map.fields().forEach((name, settings) -> {
            if (!(settings instanceof YamlNode.MapNode)) {
                reader.problems().add(settings, "must be a mapping of plugin settings, was "
                        + settings.describe());
                return;
            }
            String kind = name.substring(name.lastIndexOf('/') + 1);
            if (kind.isBlank()) {
                reader.problems().add(settings, "plugin name must not end with /");
                return;
            }
            found.add(new TrafficRouting(kind, plainMap(settings)));
        });
        return found;
    }

    /** Checks what Argo's controller would refuse; deeper settings are the router's business. */
    private static void checkBuiltIn(String router, YamlObject settings) {
        switch (router) {
            case "istio" -> {
                settings.atMostOne("virtualService", "virtualServices");
                settings.object("virtualService", "name", "routes", "tlsRoutes", "tcpRoutes")
                        .ifPresent(vs -> vs.requiredString("name"));
                settings.object("destinationRule", "name", "canarySubsetName",
                        "stableSubsetName").ifPresent(dr -> {
                            dr.requiredString("name");
                            dr.requiredString("canarySubsetName");
                            dr.requiredString("stableSubsetName");
                        });
                if (!settings.has("virtualService") && !settings.has("virtualServices")
                        && !settings.has("destinationRule")) {
                    settings.problem("must set virtualService, virtualServices or destinationRule");
                }
            }
            case "nginx" -> {
                settings.atMostOne("stableIngress", "stableIngresses");
                if (!settings.has("stableIngress") && !settings.has("stableIngresses")) {
                    settings.missing("stableIngress");
                }
                settings.optionalString("stableIngress");
                settings.stringMap("additionalIngressAnnotations");
            }
            case "alb" -> {
                settings.atMostOne("ingress", "ingresses");
                settings.intInRange("servicePort", 1, 65535);
                if (!settings.has("servicePort")) {
                    settings.missing("servicePort");
                }
            }
            case "smi" -> {
                settings.optionalString("rootService");
                settings.optionalString("trafficSplitName");
            }
            case "ambassador" -> {
                if (!settings.has("mappings")) {
                    settings.missing("mappings");
                }
            }
            case "traefik" -> settings.requiredString("weightedTraefikServiceName");
            default -> {
                // appMesh and apisix: the known-field check is all Argo's schema asks here.
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainMap(YamlNode node) {
        Object plain = node.toPlain();
        return plain instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
