package io.github.pgimage.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.metadata.StandardLabels.License;

/** The org.opencontainers.image.* labels from what a pom says, under the user's own. */
class StandardLabelsTest {
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void everyFactBecomesItsLabel() {
        StandardLabels standard = new StandardLabels("orders-db", "  The orders\n      database,\n  PostgreSQL 16 ",
                "1.4.0", REVISION, "https://git.example.com/acme/orders-db", "https://acme.example.com/orders-db",
                List.of(new License("Apache License, Version 2.0", "https://www.apache.org/licenses/LICENSE-2.0.txt")),
                Instant.parse("2024-05-01T12:00:00Z"));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("org.opencontainers.image.title", "orders-db");
        expected.put("org.opencontainers.image.description", "The orders database, PostgreSQL 16");
        expected.put("org.opencontainers.image.version", "1.4.0");
        expected.put("org.opencontainers.image.revision", REVISION);
        expected.put("org.opencontainers.image.source", "https://git.example.com/acme/orders-db");
        expected.put("org.opencontainers.image.url", "https://acme.example.com/orders-db");
        expected.put("org.opencontainers.image.licenses", "Apache-2.0");
        expected.put("org.opencontainers.image.created", "2024-05-01T12:00:00Z");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(standard.labels().entrySet()));
    }

    @Test
    void whatTheProjectDoesNotSayHasNoLabel() {
        StandardLabels bare = new StandardLabels("orders-db", null, "1.0", null, null, " ", null, null);

        assertEquals(Map.of("org.opencontainers.image.title", "orders-db", "org.opencontainers.image.version", "1.0"),
                bare.labels());
    }

    @Test
    void theUsersLabelsWinAndKeepTheirOrder() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("team", "orders");
        user.put("org.opencontainers.image.title", "Orders DB");
        StandardLabels standard = new StandardLabels("orders-db", null, "1.0", REVISION, null, null, List.of(), null);

        Map<String, String> merged = standard.under(user);

        assertEquals(List.of("team", "org.opencontainers.image.title", "org.opencontainers.image.version",
                "org.opencontainers.image.revision"), List.copyOf(merged.keySet()));
        assertEquals("Orders DB", merged.get("org.opencontainers.image.title"));
    }

    @Test
    void licensesAsAnSpdxExpression() {
        assertEquals("Apache-2.0", StandardLabels.licenseExpression(List.of(
                new License("The Apache Software License, Version 2.0", null))));
        assertEquals("Apache-2.0", StandardLabels.licenseExpression(List.of(
                new License("ASL", "http://www.apache.org/licenses/LICENSE-2.0"))), "known by its URL");
        assertEquals("MIT OR PostgreSQL", StandardLabels.licenseExpression(List.of(
                new License("MIT License", null), new License("PostgreSQL License", null))), "several are a choice");
        assertEquals("BSD-3-Clause", StandardLabels.licenseExpression(List.of(new License("New BSD License", null))));
        assertEquals("EPL-2.0", StandardLabels.licenseExpression(List.of(new License("Eclipse Public License - v 2.0", null))));
        assertEquals("GPL-2.0-only", StandardLabels.licenseExpression(List.of(new License("GPL-2.0-only", null))),
                "an SPDX identifier stays as it is");
        assertEquals("Acme Commercial License", StandardLabels.licenseExpression(List.of(
                new License("Acme Commercial License", null))), "an unknown one as the pom names it");
        assertEquals("", StandardLabels.licenseExpression(List.of(new License(null, null))));
    }
}
