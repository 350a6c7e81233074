package dev.ruleport.kql;

import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Sentinel entities an analytic rule's results name, from the columns the query returns: the columns every table
 * of the rule's log sources declares (the query keeps them all), so a mapping never names a column the profile's
 * table does not have. A profile without declared columns, or whose columns are not Log Analytics names (the
 * {@code EcsEvents} table of {@code kql-ecs} has dotted ECS names), gets none.
 *
 * <p>Sentinel's rules (Azure-Sentinel repository, detection template validation): at most 5 entities of at most 3
 * field mappings each; identifiers per entity type; a column name matches {@code ^[a-zA-Z_]+\w*$}.
 */
final class EntityMappings {
    private EntityMappings() {}

    /** One entity: its type and {@code identifier -> column} (in order). */
    record Entity(String type, Map<String, String> fields) {}

    /** The candidate field sets per entity type, the first whose columns all exist wins (each set's first column must exist). */
    private static final List<Object[]> CANDIDATES = List.of(
            new Object[] {"Host", new String[][] {{"FullName", "DeviceName"}}},
            new Object[] {"Host", new String[][] {{"FullName", "Computer"}}},
            new Object[] {"Account", new String[][] {{"Name", "@UserName"}, {"NTDomain", "@DomainName"}, {"Sid", "@UserSid"}}},
            new Object[] {"Account", new String[][] {{"Name", "AccountName"}, {"NTDomain", "AccountDomain"}, {"Sid", "AccountSid"}}},
            new Object[] {"Account", new String[][] {{"Name", "InitiatingProcessAccountName"}, {"NTDomain", "InitiatingProcessAccountDomain"},
                    {"Sid", "InitiatingProcessAccountSid"}}},
            new Object[] {"Process", new String[][] {{"CommandLine", "ProcessCommandLine"}, {"ProcessId", "ProcessId"}}},
            new Object[] {"Process", new String[][] {{"CommandLine", "InitiatingProcessCommandLine"}, {"ProcessId", "InitiatingProcessId"}}},
            new Object[] {"Process", new String[][] {{"CommandLine", "CommandLine"}}},
            new Object[] {"File", new String[][] {{"Name", "FileName"}, {"Directory", "FolderPath"}}},
            new Object[] {"IP", new String[][] {{"Address", "RemoteIP"}}},
            new Object[] {"IP", new String[][] {{"Address", "IpAddress"}}});

    /** Windows Security events name the acting account Subject*, the account logged on (4624, 4625, ...) Target*. */
    private static String accountPrefix(LoweredRule rule) {
        for (String id : rule.logsourceIds()) if (id.matches(".*\\b46(24|25|34|47|48)\\b.*")) return "Target";
        return "Subject";
    }

    /** The columns every log source of the rule declares (empty when one declares none). */
    static Set<String> columns(LoweredRule rule) {
        Set<String> common = null;
        for (LoweredFilter f : rule.filters()) {
            if (f.selection() == null) continue;
            Set<String> cols = f.selection().logsource().columns().keySet();
            if (common == null) common = new LinkedHashSet<>(cols);
            else common.retainAll(cols);
        }
        return common == null ? Set.of() : common;
    }

    /** The entities of a rule's results, at most one per type, in the order Host, Account, Process, File, IP. */
    static List<Entity> of(LoweredRule rule) {
        Set<String> columns = columns(rule);
        String prefix = accountPrefix(rule);
        Map<String, Entity> out = new LinkedHashMap<>();
        for (Object[] c : CANDIDATES) {
            String type = (String) c[0];
            if (out.containsKey(type)) continue;
            Map<String, String> fields = new LinkedHashMap<>();
            for (String[] f : (String[][]) c[1]) {
                String column = f[1].startsWith("@") ? prefix + f[1].substring(1) : f[1];
                if (columns.contains(column) && column.matches("[a-zA-Z_]+\\w*")) fields.put(f[0], column);
                else if (fields.isEmpty()) break; // the identifying column is missing: not this candidate
            }
            if (!fields.isEmpty()) out.put(type, new Entity(type, fields));
        }
        return new ArrayList<>(out.values());
    }
}
