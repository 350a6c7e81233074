package dev.ruleport.kql;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the KQL backend writes per rule ({@code --format}, setting {@code format}): the query itself, or the query
 * packaged for deployment. The packaged forms carry exactly the query the {@code query} format writes (its header
 * comments become part of the description), so the fidelity and every loss or equivalence stay stated.
 */
public enum KqlFormat {
    /** {@code <rule>.kql}: the query with its header comments (the default). */
    QUERY("query", "kql"),
    /** {@code <rule>.yaml}: a Microsoft Sentinel scheduled analytic rule in the Azure-Sentinel repository's {@code Detections/} form. */
    SENTINEL("sentinel", "yaml"),
    /** One ARM template of {@code alertRules} resources for all the rules converted (each rule's part is its resource). */
    SENTINEL_ARM("sentinel-arm", "json"),
    /** {@code <rule>.json}: a Defender XDR custom detection (Microsoft Graph {@code detectionRule}); Defender XDR profiles only. */
    DEFENDER("defender", "json");

    /** The file name of the ARM template that holds all of a run's rules. */
    public static final String ARM_TEMPLATE_FILE = "sentinel-analytic-rules.json";

    private final String name;
    private final String extension;

    KqlFormat(String name, String extension) {
        this.name = name;
        this.extension = extension;
    }

    public String label() { return name; }

    public String extension() { return extension; }

    public static Optional<KqlFormat> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name.equals(name)).findFirst();
    }

    /** {@code query, sentinel, sentinel-arm, defender}. */
    public static String names() {
        return Arrays.stream(values()).map(KqlFormat::label).collect(Collectors.joining(", "));
    }
}
