package dev.ruleport.sigma;

import dev.ruleport.loader.Rule;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.mapping.RuleFacts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Sigma log source for a filter whose profile gives none (the {@code ecs} profile's log source is the rule's index
 * patterns): the product and category the rule's own facts make evident. The detection keeps every condition, so
 * these only describe the events, as Sigma's tools expect ({@code SigmaLogSource} refuses an empty log source).
 */
final class SigmaLogsources {
    private SigmaLogsources() {}

    /** Elastic integrations whose name is the Sigma product's (o365 is Sigma's m365). */
    private static final Map<String, String> PRODUCTS = Map.of("aws", "aws", "azure", "azure", "gcp", "gcp", "okta", "okta",
            "github", "github", "kubernetes", "kubernetes", "o365", "m365", "m365_defender", "m365",
            "google_workspace", "google_workspace");

    /**
     * {@code product} from the rule's one OS ({@code host.os.type}), else its Elastic integration; {@code category}
     * from its event category and type where Sigma's taxonomy has that class of event (a process start is {@code
     * process_creation}, a library load {@code image_load}, ...); when neither is evident, the ECS event category as
     * category, or {@code product: ecs}.
     */
    static Map<String, Object> evident(Rule rule, LoweredFilter filter) {
        RuleFacts facts = filter.selection() == null ? null : filter.selection().facts();
        Map<String, Object> out = new LinkedHashMap<>();
        String category = null;
        String product = null;
        if (facts != null) {
            Set<String> os = facts.os();
            if (os.size() == 1 && Set.of("windows", "linux", "macos").contains(os.iterator().next())) product = os.iterator().next();
            category = category(facts.category().orElse(null), facts.types());
        }
        if (product == null && rule.metadata() != null && rule.metadata().integration() != null) {
            for (String i : rule.metadata().integration()) {
                String p = PRODUCTS.get(i.toLowerCase(Locale.ROOT));
                if (p != null) {
                    product = p;
                    break;
                }
            }
        }
        if (category == null && product == null && facts != null && facts.category().isPresent()) category = facts.category().get();
        if (category != null) out.put("category", category);
        if (product != null) out.put("product", product);
        if (out.isEmpty()) out.put("product", "ecs");
        return out;
    }

    /** Sigma's category for an ECS event category with its event types, where one class of events is evident. */
    static String category(String ecsCategory, Set<String> types) {
        if (ecsCategory == null) return null;
        boolean start = only(types, "start");
        return switch (ecsCategory) {
            case "process" -> start ? "process_creation" : null;
            case "network" -> !types.isEmpty() && types.stream().allMatch(t -> t.equals("start") || t.equals("connection"))
                    ? "network_connection" : null;
            case "file" -> only(types, "creation") ? "file_event" : only(types, "deletion") ? "file_delete" : null;
            case "registry" -> "registry_event";
            case "library" -> "image_load";
            case "driver" -> "driver_load";
            default -> null;
        };
    }

    private static boolean only(Set<String> types, String type) {
        return types.size() == 1 && types.contains(type);
    }
}
