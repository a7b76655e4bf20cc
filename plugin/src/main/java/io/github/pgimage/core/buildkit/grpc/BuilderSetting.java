package io.github.pgimage.core.buildkit.grpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

/**
 * Which BuildKit door a build uses: {@code auto} (BuildKit's gRPC API when the engine offers it, else the
 * engine's {@code /build}), {@code grpc} or {@code build-api} to force one, or the address of a standalone
 * BuildKit daemon ({@code unix:///run/buildkit/buildkitd.sock}, {@code tcp://buildkitd:1234}), reached with
 * mutual TLS when a certificate folder is given. The address comes from the {@code builder} parameter, or from
 * {@code BUILDKIT_HOST} (buildctl's variable) when the parameter is not set ({@link #resolve}).
 *
 * @param origin where the setting came from, for the log and the report's reason: {@code builder} or
 *               {@code BUILDKIT_HOST}
 */
public record BuilderSetting(Mode mode, URI daemon, Path certPath, String origin) {

    public enum Mode { AUTO, GRPC, BUILD_API, DAEMON }

    /** buildctl's environment variable for a standalone BuildKit daemon's address. */
    public static final String BUILDKIT_HOST = "BUILDKIT_HOST";
    private static final String PARAMETER = "builder";

    public static final BuilderSetting AUTO = new BuilderSetting(Mode.AUTO, null, null, PARAMETER);

    /**
     * The {@code builder} parameter when it is set (an explicit {@code auto} included); else {@code BUILDKIT_HOST}
     * when it is set, as buildctl reads it; else {@code auto}, the engine's own BuildKit.
     *
     * @param parameter the parameter's value, null or blank when it is not set
     * @param env       the environment ({@code System.getenv()})
     * @throws InvalidSettingException naming the value, and {@code BUILDKIT_HOST} when it came from there
     */
    public static BuilderSetting resolve(String parameter, Path certPath, Map<String, String> env)
            throws InvalidSettingException {
        if (parameter != null && !parameter.isBlank()) {
            return parse(parameter, certPath);
        }
        String host = env.get(BUILDKIT_HOST);
        if (host == null || host.isBlank()) {
            return parse(null, certPath);
        }
        String text = host.trim();
        URI uri = daemonAddress(text);
        if (uri == null) {
            throw new InvalidSettingException(Setting.BUILDKIT_HOST, text, "'" + text + "' is not the address of a"
                    + " BuildKit daemon the plugin can reach: unix:///path/buildkitd.sock or tcp://host:port (buildctl's"
                    + " docker-container://, kube-pod://, ssh:// and the like are not supported) -> change or unset"
                    + " BUILDKIT_HOST, or set builder (auto: the engine's own BuildKit)");
        }
        return daemon(uri, certPath, BUILDKIT_HOST);
    }

    /**
     * @param value    the parameter's value; null or blank is {@code auto}
     * @param certPath a folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem}, only for a {@code tcp://} daemon
     * @throws InvalidSettingException naming the value and what is accepted
     */
    public static BuilderSetting parse(String value, Path certPath) throws InvalidSettingException {
        // only the parameter's own words here; BUILDKIT_HOST is an address or nothing (resolve)
        String text = value == null ? "" : value.trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "", "auto" -> {
                return withoutCerts(Mode.AUTO, certPath);
            }
            case "grpc" -> {
                return withoutCerts(Mode.GRPC, certPath);
            }
            case "build-api" -> {
                return withoutCerts(Mode.BUILD_API, certPath);
            }
            default -> {
            }
        }
        URI uri = daemonAddress(text);
        if (uri == null) {
            throw new InvalidSettingException(Setting.BUILDER, text, "'" + text + "' is not one of auto, grpc, build-api,"
                    + " or the address of a BuildKit daemon (unix:///path/buildkitd.sock or tcp://host:port) -> use one"
                    + " of those");
        }
        return daemon(uri, certPath, PARAMETER);
    }

    /** A {@code unix://} address with a path or a {@code tcp://} one with host and port, else null. */
    private static URI daemonAddress(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean unix = scheme.equals("unix") && uri.getPath() != null && !uri.getPath().isEmpty();
        boolean tcp = scheme.equals("tcp") && uri.getHost() != null && uri.getPort() > 0;
        return unix || tcp ? uri : null;
    }

    private static BuilderSetting daemon(URI uri, Path certPath, String origin) throws InvalidSettingException {
        if ("unix".equalsIgnoreCase(uri.getScheme()) && certPath != null) {
            throw new InvalidSettingException(Setting.BUILDER_CERTIFICATES, certPath.toString(), "certificates are for"
                    + " a tcp:// BuildKit daemon; " + uri + (origin.equals(PARAMETER) ? "" : " (from " + origin + ")")
                    + " is a socket file, reached without TLS -> remove them");
        }
        return new BuilderSetting(Mode.DAEMON, uri, certPath, origin);
    }

    private static BuilderSetting withoutCerts(Mode mode, Path certPath) throws InvalidSettingException {
        if (certPath != null) {
            throw new InvalidSettingException(Setting.BUILDER_CERTIFICATES, certPath.toString(), "certificates are only"
                    + " used with a tcp:// BuildKit daemon as the builder, not with the builder "
                    + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " -> make the builder tcp://host:port or remove the certificate folder");
        }
        return new BuilderSetting(mode, null, null, PARAMETER);
    }

    /**
     * What chose this builder, for the log's {@code Builder:} line and the report: {@code builder=tcp://…}, or
     * {@code BUILDKIT_HOST=tcp://… (the builder parameter is not set)}.
     */
    public String reason() {
        return origin + "=" + this + (origin.equals(PARAMETER) ? "" : " (the builder parameter is not set)");
    }

    /** Where the daemon's address came from, for messages: {@code the builder parameter} or {@code BUILDKIT_HOST}. */
    public String source() {
        return origin.equals(PARAMETER) ? "the builder parameter" : origin;
    }

    @Override
    public String toString() {
        return mode == Mode.DAEMON ? daemon.toString() : mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
