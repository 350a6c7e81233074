package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code ecs-field-types.tsv} is ECS's field list as {@code ../shared/schemas/ecs/ecs_flat.yml} states it. */
class EcsTypesTest {
    @Test
    void theShippedListIsEcsFlat() throws IOException {
        Map<?, ?> flat = (Map<?, ?>) SigmaYaml.loadAll(Files.readString(Shared.require("schemas/ecs/ecs_flat.yml"))).get(0);
        Map<String, EcsTypes.Kind> expected = new TreeMap<>();
        flat.forEach((k, v) -> expected.put(String.valueOf(k), EcsTypes.kind(String.valueOf(((Map<?, ?>) v).get("type")))));
        assertEquals(expected, new TreeMap<>(EcsTypes.fields()));
        assertEquals(EcsTypes.Kind.STRING, EcsTypes.of("event.code"));
        assertEquals(EcsTypes.Kind.NUMBER, EcsTypes.of("destination.port"));
        assertEquals(EcsTypes.Kind.IP, EcsTypes.of("source.ip"));
        assertEquals(EcsTypes.Kind.STRING, EcsTypes.of("winlog.event_data.LogonType"));
        assertEquals(EcsTypes.Kind.UNKNOWN, EcsTypes.of("process.Ext.relative_file_creation_time"));
    }
}
