package io.github.pgimage.core.buildkit.grpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

/**
 * Which BuildKit door a build uses: {@code auto} (BuildKit's gRPC API when the engine offers it, else the
 * engine's {@code /build}), {@code grpc} or {@code build-api} to force one, or the address of a standalone
 * BuildKit daemon ({@code unix:///run/buildkit/buildkitd.sock}, {@code tcp://buildkitd:1234}), reached with
 * mutual TLS when a certificate folder is given.
 */
public record BuilderSetting(Mode mode, URI daemon, Path certPath) {

    public enum Mode { AUTO, GRPC, BUILD_API, DAEMON }

    public static final BuilderSetting AUTO = new BuilderSetting(Mode.AUTO, null, null);

    /**
     * @param value    the parameter's value; null or blank is {@code auto}
     * @param certPath a folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem}, only for a {@code tcp://} daemon
     * @throws InvalidSettingException naming the value and what is accepted
     */
    public static BuilderSetting parse(String value, Path certPath) throws InvalidSettingException {
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
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("unix") && uri.getPath() != null && !uri.getPath().isEmpty()) {
            if (certPath != null) {
                throw new InvalidSettingException(Setting.BUILDER_CERTIFICATES, certPath.toString(), "certificates are for"
                        + " a tcp:// BuildKit daemon; " + text + " is a socket file, reached without TLS -> remove them");
            }
            return new BuilderSetting(Mode.DAEMON, uri, null);
        }
        if (scheme.equals("tcp") && uri.getHost() != null && uri.getPort() > 0) {
            return new BuilderSetting(Mode.DAEMON, uri, certPath);
        }
        throw new InvalidSettingException(Setting.BUILDER, text, "'" + text + "' is not one of auto, grpc, build-api, or the"
                + " address of a BuildKit daemon (unix:///path/buildkitd.sock or tcp://host:port) -> use one of those");
    }

    private static BuilderSetting withoutCerts(Mode mode, Path certPath) throws InvalidSettingException {
        if (certPath != null) {
            throw new InvalidSettingException(Setting.BUILDER_CERTIFICATES, certPath.toString(), "certificates are only"
                    + " used with a tcp:// BuildKit daemon as the builder, not with the builder "
                    + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " -> make the builder tcp://host:port or remove the certificate folder");
        }
        return new BuilderSetting(mode, null, null);
    }

    @Override
    public String toString() {
        return mode == Mode.DAEMON ? daemon.toString() : mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
