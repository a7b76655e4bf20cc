package io.github.pgimage.core.buildkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.pgimage.core.json.JsonTree;

/** The query string of {@code POST /build} for a {@link BuildRequest}. */
public final class BuildQuery {
    private BuildQuery() {
    }

    /**
     * @param buildId the id {@code POST /build/cancel} will name
     */
    public static String of(BuildRequest request, String buildId) {
        return of(request, buildId, false);
    }

    /**
     * @param podman for Podman's compatible {@code /build}: Buildah builds there, so no BuildKit switch and no
     *               session; secrets are named by their file in the context instead
     */
    static String of(BuildRequest request, String buildId, boolean podman) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!podman) {
            params.put("version", "2"); // BuildKit; "1" is the classic builder
        }
        params.put("dockerfile", BuildRequest.DOCKERFILE);
        // no "t": tags move only after a successful build, see ImageBuilder
        params.put("rm", "1");
        params.put("forcerm", "1");
        params.put("buildid", buildId);
        if (!request.buildArgs().isEmpty()) {
            params.put("buildargs", json(new TreeMap<>(request.buildArgs())));
        }
        if (request.pull()) {
            params.put("pull", "1");
        }
        if (request.noCache()) {
            params.put("nocache", "1");
        }
        if (request.target() != null && !request.target().isBlank()) {
            params.put("target", request.target());
        }
        if (request.platforms().size() == 1) {
            params.put("platform", request.platforms().get(0)); // API 1.32+; several are refused before the build
        }
        if (!request.cacheFromReferences().isEmpty()) {
            params.put("cachefrom", json(request.cacheFromReferences()));
        }
        if (!request.contextSecrets().isEmpty()) {
            params.put("secrets", json(request.contextSecrets().entrySet().stream()
                    .map(e -> "id=" + e.getKey() + ",src=" + e.getValue()).sorted().toList()));
        }
        if (request.sessionId() != null && !request.sessionId().isBlank()) {
            params.put("session", request.sessionId());
        }
        if (request.contextInSession()) {
            // what the docker CLI sends when its session serves the context (docker build with BuildKit, 18.09+)
            params.put("remote", "client-session");
        }
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String json(Object value) {
        return JsonTree.write(value);
    }
}
